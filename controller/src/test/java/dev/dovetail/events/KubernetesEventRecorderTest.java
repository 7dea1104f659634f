package dev.dovetail.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.kube.CrudMockServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubernetesEventRecorderTest {
  private static CrudMockServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void startServer() {
    server = new CrudMockServer();
    client = server.client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private final FakeClock clock = new FakeClock();
  private KubernetesEventRecorder recorder;
  private final Pod pod =
      new PodBuilder()
          .withApiVersion("v1")
          .withKind("Pod")
          .withNewMetadata()
          .withName("web-1")
          .withNamespace("shop")
          .withUid("uid-1")
          .endMetadata()
          .build();
  private final Node node =
      new NodeBuilder()
          .withApiVersion("v1")
          .withKind("Node")
          .withNewMetadata()
          .withName("ip-10-0-0-1")
          .withUid("uid-n")
          .endMetadata()
          .build();

  @BeforeEach
  void recorder() {
    server.reset();
    recorder = new KubernetesEventRecorder(client, clock, Runnable::run, "dovetail-0");
  }

  @Test
  void writesAnEventWithTheDovetailSource() {
    recorder.publish(
        Event.normal(pod, "Nominated", "Pod should schedule on: machine/default-abcde"));

    List<io.fabric8.kubernetes.api.model.Event> events = events("shop");
    assertThat(events).hasSize(1);
    io.fabric8.kubernetes.api.model.Event event = events.getFirst();
    assertThat(event.getSource().getComponent()).isEqualTo("dovetail");
    assertThat(event.getReportingComponent()).isEqualTo("dovetail");
    assertThat(event.getReportingInstance()).isEqualTo("dovetail-0");
    assertThat(event.getReason()).isEqualTo("Nominated");
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(event.getFirstTimestamp()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(event.getMetadata().getName()).startsWith("web-1.");
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() {
    recorder.publish(
        Event.warning(
            node, "FailedDraining", "Failed to drain node, 1 pods are waiting to be evicted"));

    assertThat(events("default"))
        .extracting(e -> e.getInvolvedObject().getName())
        .containsExactly("ip-10-0-0-1");
  }

  @Test
  void repeatsAreDroppedUntilTheDedupeWindowPasses() {
    Event event = Event.warning(node, "FailedDraining", "Failed to drain node");

    recorder.publish(event);
    clock.advance(Duration.ofSeconds(119));
    recorder.publish(event);
    assertThat(events("default")).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    recorder.publish(event);
    assertThat(events("default")).hasSize(2);
  }

  @Test
  void dedupeValuesDecideWhatCountsAsARepeat() {
    recorder.publish(Event.normal(pod, "Nominated", "on machine a").dedupedOn("uid-1"));
    recorder.publish(Event.normal(pod, "Nominated", "on machine b").dedupedOn("uid-1"));
    recorder.publish(Event.normal(pod, "Nominated", "on machine b").dedupedOn("uid-2"));

    assertThat(events("shop"))
        .extracting(e -> e.getMessage())
        .containsExactlyInAnyOrder("on machine a", "on machine b");
  }

  @Test
  void rateLimitCapsEventsOfOneReason() {
    for (int i = 0; i < 15; i++) {
      recorder.publish(Event.normal(pod, "Nominated", "attempt " + i).rateLimited(5, 10));
    }
    assertThat(events("shop")).hasSize(10);

    clock.advance(Duration.ofMillis(400));
    for (int i = 15; i < 20; i++) {
      recorder.publish(Event.normal(pod, "Nominated", "attempt " + i).rateLimited(5, 10));
    }
    assertThat(events("shop")).hasSize(12);
  }

  private List<io.fabric8.kubernetes.api.model.Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }
}
