package dev.dovetail.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiServerWaitTest {
  @Test
  void anUnreachableApiServerIsOneLinePerAttemptThenARetry() throws Exception {
    List<String> lines = new ArrayList<>();
    List<Duration> pauses = new ArrayList<>();
    int[] calls = {0};

    String version =
        ApiServerWait.until(
            () -> {
              if (calls[0]++ < 5) {
                throw new KubernetesClientException(
                    "Failed to connect to /10.0.0.1:443\nmore detail", new java.io.IOException());
              }
              return "1.29";
            },
            "https://10.0.0.1:443/",
            lines::add,
            pauses::add);

    assertThat(version).isEqualTo("1.29");
    assertThat(lines)
        .hasSize(5)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "dovetail: cannot reach the API server at https://10.0.0.1:443/: Failed to"
                            + " connect to /10.0.0.1:443")
                    .doesNotContain("\n"));
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30));
  }
}
