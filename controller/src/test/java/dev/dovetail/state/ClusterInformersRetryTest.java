package dev.dovetail.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ClusterInformersRetryTest {
  private static KubernetesClientException answer(int code) {
    return new KubernetesClientException("answer " + code, code, null);
  }

  @Test
  void aStartingInformerRetriesWhileTheServerInitializesOrSheds() {
    assertThat(ClusterInformers.retryTransient(false, answer(429))).isTrue();
    assertThat(ClusterInformers.retryTransient(false, answer(503))).isTrue();
  }

  @Test
  void aStartingInformerStopsOnAnswersThatWillNotChange() {
    assertThat(ClusterInformers.retryTransient(false, answer(403))).isFalse();
    assertThat(ClusterInformers.retryTransient(false, answer(404))).isFalse();
    assertThat(ClusterInformers.retryTransient(false, new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void aStartedInformerAlwaysRetries() {
    assertThat(ClusterInformers.retryTransient(true, answer(403))).isTrue();
  }
}
