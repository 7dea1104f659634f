package dev.dovetail.aws.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.api.validation.LabelPolicy;
import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.api.validation.ProvisionerValidator;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsProvisionerDefaultsTest {
  private static Provisioner provisioner(NodeSelectorRequirement... requirements) {
    return new Provisioner(
        "default",
        ProvisionerSpec.empty()
            .withProviderRef(new ProviderRef(null, null, "default"))
            .withRequirements(List.of(requirements)));
  }

  private static List<String> rendered(Provisioner p) {
    return p.getSpec().requirements().stream()
        .map(r -> r.getKey() + " " + r.getOperator() + " " + r.getValues())
        .toList();
  }

  @Test
  void addsUpstreamDefaultsWhenNothingIsConstrained() {
    Provisioner defaulted = AwsConventions.DEFAULTS.apply(provisioner());
    assertThat(rendered(defaulted))
        .containsExactly(
            "kubernetes.io/os In [linux]",
            "kubernetes.io/arch In [amd64]",
            "karpenter.sh/capacity-type In [on-demand]",
            "karpenter.k8s.aws/instance-category In [c, m, r]",
            "karpenter.k8s.aws/instance-generation Gt [2]");
  }

  @Test
  void keepsWhatTheUserConstrained() {
    Provisioner defaulted =
        AwsConventions.DEFAULTS.apply(
            provisioner(
                new NodeSelectorRequirement("karpenter.sh/capacity-type", "In", List.of("spot")),
                new NodeSelectorRequirement("beta.kubernetes.io/arch", "In", List.of("arm64"))));
    assertThat(rendered(defaulted))
        .containsExactly(
            "karpenter.sh/capacity-type In [spot]",
            "beta.kubernetes.io/arch In [arm64]",
            "kubernetes.io/os In [linux]",
            "karpenter.k8s.aws/instance-category In [c, m, r]",
            "karpenter.k8s.aws/instance-generation Gt [2]");
  }

  @Test
  void anyInstanceConstraintSuppressesTheCategoryDefault() {
    for (String key :
        List.of(
            "node.kubernetes.io/instance-type",
            "karpenter.k8s.aws/instance-family",
            "karpenter.k8s.aws/instance-category",
            "karpenter.k8s.aws/instance-generation")) {
      Provisioner defaulted =
          AwsConventions.DEFAULTS.apply(
              provisioner(new NodeSelectorRequirement(key, "Exists", List.of())));
      assertThat(rendered(defaulted)).as(key).noneMatch(r -> r.contains("instance-category In"));
      assertThat(rendered(defaulted)).as(key).noneMatch(r -> r.contains("Gt [2]"));
    }
  }

  @Test
  void instanceCpuAloneIsNotAnInstanceConstraint() {
    Provisioner defaulted =
        AwsConventions.DEFAULTS.apply(
            provisioner(
                new NodeSelectorRequirement("karpenter.k8s.aws/instance-cpu", "In", List.of("4"))));
    assertThat(rendered(defaulted)).contains("karpenter.k8s.aws/instance-category In [c, m, r]");
  }

  @Test
  void coreDefaulterAddsNoInstanceDefaultsAndLeavesTheInputAlone() {
    Provisioner input = provisioner();
    Provisioner defaulted = ProvisionerDefaulter.CORE.apply(input);
    assertThat(rendered(defaulted)).hasSize(3);
    assertThat(input.getSpec().requirements()).isEmpty();
    assertThat(defaulted.getMetadata().getName()).isEqualTo("default");
  }

  @Test
  void aValidProvisionerStaysValidAfterDefaulting() {
    Provisioner defaulted =
        AwsConventions.DEFAULTS.apply(
            new Provisioner(
                "default",
                ProvisionerSpec.empty()
                    .withProviderRef(new ProviderRef(null, null, "default"))
                    .withLabels(Map.of("team", "a"))));
    assertThat(
            new ProvisionerValidator(
                    LabelPolicy.core()
                        .with(
                            java.util.Set.of(
                                "karpenter.k8s.aws/instance-category",
                                "karpenter.k8s.aws/instance-generation")))
                .check(defaulted))
        .isEmpty();
  }
}
