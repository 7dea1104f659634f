package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What {@code helm install} prints afterwards. */
class ChartNotesTest {
  private static HelmChart chart;

  @BeforeAll
  static void load() {
    chart = HelmChart.load();
  }

  @Test
  void notesShowHowToFollowTheControllerAndWhatIsOff() {
    String notes = chart.notes(Map.of("settings.aws.clusterName", "my-cluster"));
    assertThat(notes)
        .contains(
            "kubectl logs -f -n dovetail-system"
                + " -l app.kubernetes.io/name=dovetail,app.kubernetes.io/instance=dovetail -c controller")
        .contains("kubectl get lease -n dovetail-system dovetail-leader-election")
        .contains("settings.aws.interruptionQueueName is empty")
        .doesNotContain("were ignored");
  }

  @Test
  void karpenterValuesThatDoNothingAreListed() {
    String notes = chart.notes(Map.of(), HelmChart.resource("karpenter-v0.31-values.yaml"));
    assertThat(notes)
        .contains("These Karpenter values have no effect on Dovetail and were ignored:")
        .contains("  - webhook")
        .contains("  - controller.outputPaths/errorOutputPaths")
        .doesNotContain("settings.featureGates")
        .doesNotContain("interruptionQueueName is empty")
        .doesNotContain("which looks like a");
  }

  @Test
  void featureGatesOfLaterKarpenterChartsAreListedButNotTheDriftGate() {
    String notes =
        chart.notes(
            Map.of(
                "settings.aws.clusterName", "c",
                "settings.featureGates.driftEnabled", true,
                "settings.featureGates.spotToSpotConsolidation", true));
    assertThat(notes)
        .contains("  - settings.featureGates.spotToSpotConsolidation")
        .doesNotContain("settings.featureGates.driftEnabled");
  }

  @Test
  void aKarpenterImageLeftInTheValuesIsCalledOut() {
    String notes =
        chart.notes(
            Map.of(
                "settings.aws.clusterName", "c",
                "controller.image.repository", "public.ecr.aws/karpenter/controller"));
    assertThat(notes).contains("which looks like a");
  }
}
