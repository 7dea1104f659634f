package dev.dovetail.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Provisioner;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DisruptionBudgetValidationTest {
  private static Provisioner provisioner(String budgets) {
    return Serialization.unmarshal(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata:
          name: default
          annotations:
            dovetail.dev/disruption-budgets: '%s'
        spec:
          providerRef: {name: default}
        """
            .formatted(budgets),
        Provisioner.class);
  }

  @Test
  void aValidBudgetListHasNoProblem() {
    assertThat(
            ProvisionerValidator.validate(
                provisioner(
                    "[{nodes: \"20%\", reasons: [Underutilized]}, {nodes: \"0\", schedule: \"@daily\", duration: 2h}]")))
        .isEmpty();
  }

  @Test
  void aBadBudgetIsReportedWithItsFieldPath() {
    assertThat(ProvisionerValidator.validate(provisioner("[{nodes: \"ten\"}]")))
        .extracting(Problem::toString)
        .containsExactly(
            "Provisioner/default: metadata.annotations[dovetail.dev/disruption-budgets][0].nodes:"
                + " must be a node count (\"5\") or a percentage from 0% to 100% (\"10%\"), not"
                + " \"ten\"");
  }
}
