package dev.dovetail.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PodPredicatesTest {

  @Test
  void anUnschedulablePodIsProvisionable() {
    assertThat(PodPredicates.isProvisionable(unschedulable(p -> p))).isTrue();
  }

  @Test
  void aPodTheSchedulerHasNotTriedIsNot() {
    Pod fresh =
        new PodBuilder(unschedulable(p -> p)).editStatus().withConditions().endStatus().build();
    assertThat(PodPredicates.isProvisionable(fresh)).isFalse();
  }

  @Test
  void boundNominatedDaemonSetMirrorTerminalAndTerminatingPodsAreNot() {
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(p -> p.editSpec().withNodeName("n1").endSpec())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(p -> p.editStatus().withNominatedNodeName("n1").endStatus())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(
                    p ->
                        p.editMetadata()
                            .addNewOwnerReference()
                            .withKind("DaemonSet")
                            .withName("ds")
                            .endOwnerReference()
                            .endMetadata())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(
                    p ->
                        p.editMetadata()
                            .addToAnnotations(PodPredicates.MIRROR_ANNOTATION, "x")
                            .endMetadata())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(
                    p ->
                        p.editMetadata()
                            .addNewOwnerReference()
                            .withKind("Node")
                            .withName("n1")
                            .endOwnerReference()
                            .endMetadata())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(p -> p.editStatus().withPhase("Failed").endStatus())))
        .isFalse();
    assertThat(
            PodPredicates.isProvisionable(
                unschedulable(
                    p ->
                        p.editMetadata()
                            .withDeletionTimestamp("2026-01-01T00:00:00Z")
                            .endMetadata())))
        .isFalse();
  }

  @Test
  void aPodScheduledConditionWithAnotherReasonIsNot() {
    Pod pod =
        unschedulable(
            p ->
                p.editStatus()
                    .editFirstCondition()
                    .withReason("SchedulerError")
                    .endCondition()
                    .endStatus());
    assertThat(PodPredicates.isProvisionable(pod)).isFalse();
  }

  @Test
  void aPodThatRefusesProvisionedNodesIsIgnoredWithAReason() {
    Pod pod =
        unschedulable(
            p ->
                p.editSpec()
                    .withNewAffinity()
                    .withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm()
                    .addNewMatchExpression()
                    .withKey("karpenter.sh/provisioner-name")
                    .withOperator("DoesNotExist")
                    .endMatchExpression()
                    .endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity()
                    .endAffinity()
                    .endSpec());
    assertThat(PodPredicates.unsupportedReason(pod))
        .contains("requires karpenter.sh/provisioner-name DoesNotExist");
  }

  @Test
  void aPodWhoseNodeAffinityUsesMatchFieldsIsIgnoredWithAReason() {
    Pod pod =
        unschedulable(
            p ->
                p.editSpec()
                    .withNewAffinity()
                    .withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm()
                    .addNewMatchField()
                    .withKey("metadata.name")
                    .withOperator("In")
                    .withValues("node-1")
                    .endMatchField()
                    .endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity()
                    .endAffinity()
                    .endSpec());
    assertThat(PodPredicates.unsupportedReason(pod)).get().asString().contains("matchFields");
  }

  @Test
  void anOrdinaryPodHasNoUnsupportedReason() {
    assertThat(PodPredicates.unsupportedReason(unschedulable(p -> p))).isEmpty();
  }

  private static Pod unschedulable(UnaryOperator<PodBuilder> edit) {
    PodBuilder builder =
        new PodBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .endCondition()
            .endStatus();
    return edit.apply(builder).build();
  }
}
