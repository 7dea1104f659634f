package dev.dovetail.controllers.node.termination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.controllers.Keys;
import dev.dovetail.testing.fixtures.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainablePodsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

  private static Pod web(String name) {
    return TestPods.running("shop", name, "n1", "web").build();
  }

  @Test
  void leavesTerminalStuckDaemonAndStaticPodsAlone() {
    Pod terminal =
        TestPods.running("shop", "done", "n1", "job")
            .editStatus()
            .withPhase("Failed")
            .endStatus()
            .build();
    Pod stuck =
        TestPods.running("shop", "stuck", "n1", "web")
            .editMetadata()
            .withDeletionTimestamp("2026-01-01T00:08:59Z")
            .endMetadata()
            .build();
    Pod terminating =
        TestPods.running("shop", "terminating", "n1", "web")
            .editMetadata()
            .withDeletionTimestamp("2026-01-01T00:09:30Z")
            .endMetadata()
            .build();

    List<Pod> toEvict =
        DrainablePods.toEvict(
            List.of(
                web("web-1"),
                terminal,
                stuck,
                terminating,
                TestPods.daemon("kube-system", "aws-node", "n1"),
                TestPods.mirror("kube-system", "kube-proxy", "n1")),
            NOW);

    assertThat(toEvict)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("web-1", "terminating");
  }

  @Test
  void onlyAnUnschedulableTolerationOrAWildcardCountsAsADaemonLikePod() {
    Pod specific =
        TestPods.running("a", "specific", "n1", "x")
            .editSpec()
            .addNewToleration()
            .withKey("node.kubernetes.io/unschedulable")
            .withOperator("Exists")
            .withEffect("NoSchedule")
            .endToleration()
            .endSpec()
            .build();
    Pod other =
        TestPods.running("a", "other", "n1", "x")
            .editSpec()
            .addNewToleration()
            .withKey("dedicated")
            .withOperator("Exists")
            .endToleration()
            .endSpec()
            .build();

    assertThat(DrainablePods.toleratesUnschedulable(specific)).isTrue();
    assertThat(DrainablePods.toleratesUnschedulable(TestPods.daemon("a", "d", "n1"))).isTrue();
    assertThat(DrainablePods.toleratesUnschedulable(other)).isFalse();
    assertThat(DrainablePods.toleratesUnschedulable(web("w"))).isFalse();
  }

  @Test
  void criticalPodsAreRecognisedByPriorityClass() {
    Pod dns =
        TestPods.running("kube-system", "coredns", "n1", "dns")
            .editSpec()
            .withPriorityClassName("system-cluster-critical")
            .endSpec()
            .build();

    assertThat(DrainablePods.isCritical(dns)).isTrue();
    assertThat(DrainablePods.isCritical(web("w"))).isFalse();
  }

  @Test
  void doNotEvictIsIgnoredOnTerminatingDaemonAndStaticPods() {
    Pod guarded =
        TestPods.running("shop", "guarded", "n1", "web")
            .editMetadata()
            .addToAnnotations(Keys.DO_NOT_EVICT, "true")
            .endMetadata()
            .build();
    Pod guardedTerminating =
        TestPods.running("shop", "leaving", "n1", "web")
            .editMetadata()
            .addToAnnotations(Keys.DO_NOT_EVICT, "true")
            .withDeletionTimestamp("2026-01-01T00:09:30Z")
            .endMetadata()
            .build();
    Pod guardedDaemon = TestPods.daemon("kube-system", "agent", "n1");
    guardedDaemon.getMetadata().setAnnotations(java.util.Map.of(Keys.DO_NOT_EVICT, "true"));

    assertThat(
            DrainablePods.blockingVoluntaryDisruption(
                List.of(guarded, guardedTerminating, guardedDaemon, web("w"))))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("guarded");
  }
}
