package dev.dovetail.aws.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AwsLabels;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import org.junit.jupiter.api.Test;

class AwsKindsTest {
  private static Decoded<?> decode(KindRegistry registry, String yaml) {
    return registry.decode(new ManifestReader().readString("x.yaml", yaml).documents().get(0));
  }

  private static final String PROVISIONER =
      """
      apiVersion: karpenter.sh/v1alpha5
      kind: Provisioner
      metadata: {name: default}
      spec:
        providerRef: {name: default}
        requirements:
          - {key: karpenter.k8s.aws/instance-category, operator: In, values: [t]}
      """;

  @Test
  void discoveryRegistersAwsNodeTemplate() {
    KindRegistry registry = KindRegistry.discover();
    assertThat(registry.find("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate")).isNotNull();
    Decoded<?> decoded =
        decode(
            registry,
            "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata: {name: a}\n"
                + "spec: {subnetSelector: {a: b}, securityGroupSelector: {a: b}}\n");
    assertThat(decoded.owned()).isTrue();
    assertThat(decoded.object()).isInstanceOf(AWSNodeTemplate.class);
    assertThat(decoded.validate()).isEmpty();
  }

  /**
   * The provider reserves its label domain: its well-known keys are allowed, other keys in the
   * domain are not. The core alone knows neither (it names no AWS label).
   */
  @Test
  void awsLabelsAreWellKnownOnlyWithTheProvider() {
    assertThat(
            decode(
                    KindRegistry.discover(),
                    PROVISIONER.replace("instance-category", "instance-colour"))
                .validate())
        .extracting(Object::toString)
        .singleElement()
        .asString()
        .contains("spec.requirements[0].key: label domain \"karpenter.k8s.aws\" is restricted");
    assertThat(decode(KindRegistry.discover(), PROVISIONER).validate()).isEmpty();
    assertThat(decode(KindRegistry.builtIn(), PROVISIONER).validate()).isEmpty();
  }

  @Test
  void wrongAwsApiVersionIsNamed() {
    Decoded<?> decoded =
        decode(
            KindRegistry.discover(),
            "apiVersion: karpenter.k8s.aws/v1beta1\nkind: AWSNodeTemplate\nmetadata: {name: a}\n");
    assertThat(decoded.problems())
        .extracting(Object::toString)
        .containsExactly(
            "AWSNodeTemplate/a: apiVersion: \"karpenter.k8s.aws/v1beta1\" is not supported for kind"
                + " AWSNodeTemplate; use karpenter.k8s.aws/v1alpha1");
  }

  @Test
  void awsDefaultingAddsInstanceCategoryAndGeneration() {
    Decoded<?> decoded =
        decode(
            KindRegistry.discover(),
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: d}\n"
                + "spec: {providerRef: {name: default}}\n");
    Provisioner defaulted = (Provisioner) decoded.defaulted();
    assertThat(defaulted.getSpec().requirements())
        .extracting(r -> r.getKey())
        .contains(AwsLabels.INSTANCE_CATEGORY, AwsLabels.INSTANCE_GENERATION);
  }

  @Test
  void inlineProviderIsCheckedWithTheTemplateRules() {
    Decoded<?> decoded =
        decode(
            KindRegistry.discover(),
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: legacy}
            spec:
              provider:
                apiVersion: extensions.karpenter.sh/v1alpha1
                kind: AWS
                subnetSelector: {karpenter.sh/discovery: my-cluster}
                securityGroupSelector: {aws-ids: sg-1, Name: nodes}
                instanceProfil: x
                metadataOptions: {httpPutResponseHopLimit: 70}
            """);
    assertThat(decoded.validate())
        .extracting(Object::toString)
        .containsExactly(
            "Provisioner/legacy: spec.provider.instanceProfil: unknown field",
            "Provisioner/legacy: spec.provider.securityGroupSelector[aws-ids]: aws-ids cannot be"
                + " combined with other selector keys",
            "Provisioner/legacy: spec.provider.metadataOptions.httpPutResponseHopLimit: must be"
                + " between 1 and 64, not 70");
  }

  @Test
  void validInlineProviderPasses() {
    Decoded<?> decoded =
        decode(
            KindRegistry.discover(),
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: legacy}
            spec:
              provider:
                subnetSelector: {karpenter.sh/discovery: my-cluster}
                securityGroupSelector: {karpenter.sh/discovery: my-cluster}
            """);
    assertThat(decoded.validate()).isEmpty();
  }
}
