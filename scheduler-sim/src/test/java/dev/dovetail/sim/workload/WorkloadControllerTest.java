package dev.dovetail.sim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadControllerTest {
  private final FakeClock clock = new FakeClock();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private WorkloadController controller;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    controller = new WorkloadController(client, new Random(42), Duration.ofSeconds(1));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aDeploymentGetsAReplicaSetWithTheTemplateHashAndItsPods() {
    client.apps().deployments().inNamespace("default").resource(inflate(3, "1")).create();

    controller.sync();

    List<ReplicaSet> replicaSets =
        client.apps().replicaSets().inNamespace("default").list().getItems();
    assertThat(replicaSets).hasSize(1);
    ReplicaSet rs = replicaSets.getFirst();
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(rs.getMetadata().getName()).isEqualTo("inflate-" + hash);
    assertThat(rs.getMetadata().getOwnerReferences().getFirst().getKind()).isEqualTo("Deployment");
    assertThat(rs.getSpec().getSelector().getMatchLabels())
        .containsEntry("pod-template-hash", hash);

    List<Pod> pods = pods();
    assertThat(pods).hasSize(3);
    for (Pod pod : pods) {
      assertThat(pod.getMetadata().getName())
          .matches("inflate-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("app", "inflate")
          .containsEntry("pod-template-hash", hash);
      assertThat(pod.getMetadata().getOwnerReferences().getFirst().getUid())
          .isEqualTo(rs.getMetadata().getUid());
      assertThat(pod.getSpec().getContainers().getFirst().getResources().getRequests().get("cpu"))
          .isEqualTo(new Quantity("1"));
    }
  }

  @Test
  void scalingUpAndDownFollowsTheReplicasAndDeletesUnscheduledPodsFirst() {
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();
    controller.sync();
    List<Pod> first = pods();
    // Both first pods run on a node.
    for (Pod pod : first) {
      client
          .pods()
          .inNamespace("default")
          .withName(pod.getMetadata().getName())
          .edit(p -> new PodBuilder(p).editSpec().withNodeName("n1").endSpec().build());
    }

    scale(5);
    controller.sync();
    assertThat(pods()).hasSize(5);

    scale(2);
    controller.sync();
    assertThat(pods())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            first.stream().map(p -> p.getMetadata().getName()).toList());
  }

  @Test
  void aNewTemplateRollsToANewReplicaSet() {
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();
    controller.sync();
    String oldRs =
        client
            .apps()
            .replicaSets()
            .inNamespace("default")
            .list()
            .getItems()
            .getFirst()
            .getMetadata()
            .getName();

    client.apps().deployments().inNamespace("default").resource(inflate(2, "2")).update();
    controller.sync();

    ReplicaSet old = client.apps().replicaSets().inNamespace("default").withName(oldRs).get();
    assertThat(old.getSpec().getReplicas()).isZero();
    List<Pod> pods = pods();
    assertThat(pods).hasSize(2);
    assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getName()).doesNotStartWith(oldRs));
  }

  @Test
  void statusCountsReadyReplicas() {
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();
    controller.sync();
    Pod pod = pods().getFirst();
    client
        .pods()
        .inNamespace("default")
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .withPhase("Running")
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());

    controller.sync();

    DeploymentStatus status = inflateStatus();
    assertThat(status.getReplicas()).isEqualTo(2);
    assertThat(status.getReadyReplicas()).isEqualTo(1);
    assertThat(status.getUpdatedReplicas()).isEqualTo(2);
  }

  @Test
  void deletingTheDeploymentCollectsItsReplicaSetAndPods() {
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();
    controller.sync();

    client.apps().deployments().inNamespace("default").withName("inflate").delete();
    controller.sync();
    controller.sync();

    assertThat(client.apps().replicaSets().inNamespace("default").list().getItems()).isEmpty();
    assertThat(pods()).isEmpty();
  }

  @Test
  void aTakenPodNameIsDrawnAgain() {
    // The first two pods draw the same suffix: the second is created under the next draw.
    controller = new WorkloadController(client, new ScriptedRandom(0, 0, 1), Duration.ofSeconds(1));
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();

    controller.sync();

    assertThat(pods())
        .extracting(
            p -> p.getMetadata().getName().substring(p.getMetadata().getName().length() - 6))
        .containsExactlyInAnyOrder("-bbbbb", "-ccccc");
  }

  @Test
  void aPodThatCannotBeNamedDoesNotStopThePass() {
    // Every draw gives the same suffix: one pod is created, the other gives up after the retries,
    // and the pass still updates the status and the other Deployment.
    controller = new WorkloadController(client, new ScriptedRandom(0), Duration.ofSeconds(1));
    client.apps().deployments().inNamespace("default").resource(inflate(2, "1")).create();
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .resource(TestManifests.deployment("other", 1, "1"))
        .create();

    controller.sync();
    controller.sync();

    assertThat(pods())
        .extracting(p -> p.getMetadata().getName().replaceFirst("-[^-]+-[^-]+$", ""))
        .containsExactlyInAnyOrder("inflate", "other");
    assertThat(inflateStatus().getReplicas()).isEqualTo(1);
  }

  /** Draws the given values in turn, repeating the last one. */
  static final class ScriptedRandom extends Random {
    private final int[] suffixes;
    private int draws;

    /** Each value is the index of the character every draw of one whole suffix gives. */
    ScriptedRandom(int... suffixes) {
      this.suffixes = suffixes;
    }

    @Override
    public int nextInt(int bound) {
      int suffix = Math.min(draws++ / 5, suffixes.length - 1);
      return suffixes[suffix] % bound;
    }
  }

  private void scale(int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .withName("inflate")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
  }

  private DeploymentStatus inflateStatus() {
    return client.apps().deployments().inNamespace("default").withName("inflate").get().getStatus();
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("default").list().getItems();
  }

  static Deployment inflate(int replicas, String cpu) {
    return TestManifests.deployment("inflate", replicas, cpu);
  }
}
