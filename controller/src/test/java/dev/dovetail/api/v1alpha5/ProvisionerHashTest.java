package dev.dovetail.api.v1alpha5;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class ProvisionerHashTest {
  private static final String BASE =
      """
      labels: {team: a}
      annotations: {owner: ops}
      taints:
        - {key: dedicated, value: gpu, effect: NoSchedule}
        - {key: spot, effect: PreferNoSchedule}
      startupTaints: [{key: cilium, effect: NoExecute}]
      kubeletConfiguration: {maxPods: 58}
      providerRef: {name: default}
      requirements:
        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
      ttlSecondsAfterEmpty: 30
      ttlSecondsUntilExpired: 2592000
      limits: {resources: {cpu: 100}}
      weight: 10
      consolidation: {enabled: false}
      """;

  private static ProvisionerSpec spec(String yaml) {
    return Serialization.unmarshal(
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: p}\nspec:\n"
                + yaml.indent(2),
            Provisioner.class)
        .getSpec();
  }

  private static String with(String line, String replacement) {
    assertThat(BASE).contains(line);
    return BASE.replace(line, replacement);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "providerRef: {name: default}|providerRef: {name: other}",
        "values: [on-demand]|values: [spot]",
        "ttlSecondsAfterEmpty: 30|ttlSecondsAfterEmpty: 60",
        "ttlSecondsUntilExpired: 2592000|ttlSecondsUntilExpired: 60",
        "limits: {resources: {cpu: 100}}|limits: {resources: {cpu: 5}}",
        "weight: 10|weight: 90",
        "consolidation: {enabled: false}|consolidation: {enabled: true}",
      })
  void behaviouralFieldsAndRequirementsDoNotChangeTheHash(String change) {
    String[] parts = change.split("\\|", 2);
    assertThat(ProvisionerHash.of(spec(with(parts[0], parts[1]))))
        .isEqualTo(ProvisionerHash.of(spec(BASE)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "labels: {team: a}|labels: {team: b}",
        "annotations: {owner: ops}|annotations: {owner: dev}",
        "value: gpu|value: tpu",
        "startupTaints: [{key: cilium, effect: NoExecute}]|startupTaints: []",
        "kubeletConfiguration: {maxPods: 58}|kubeletConfiguration: {maxPods: 110}",
      })
  void staticFieldsChangeTheHash(String change) {
    String[] parts = change.split("\\|", 2);
    assertThat(ProvisionerHash.of(spec(with(parts[0], parts[1]))))
        .isNotEqualTo(ProvisionerHash.of(spec(BASE)));
  }

  @Test
  void orderAndEmptinessDoNotMatter() {
    String reordered =
        BASE.replace(
            """
              - {key: dedicated, value: gpu, effect: NoSchedule}
              - {key: spot, effect: PreferNoSchedule}
            """,
            """
              - {key: spot, effect: PreferNoSchedule}
              - {key: dedicated, value: gpu, effect: NoSchedule}
            """);
    assertThat(reordered).isNotEqualTo(BASE);
    assertThat(ProvisionerHash.of(spec(reordered))).isEqualTo(ProvisionerHash.of(spec(BASE)));
    assertThat(ProvisionerHash.of(spec("labels: {}\ntaints: []\n")))
        .isEqualTo(ProvisionerHash.of(spec("weight: 1\n")));
    assertThat(ProvisionerHash.of(spec(BASE))).matches("[0-9]+");
  }

  @Test
  void aMachineDriftsOnlyWhenItCarriesThisVersionsHashOfAnotherSpec() {
    ProvisionerSpec before = spec(BASE);
    ProvisionerSpec after = spec(with("labels: {team: a}", "labels: {team: b}"));
    Map<String, String> stamped = new HashMap<>(ProvisionerHash.annotations(before));
    stamped.put("owner", "ops");

    assertThat(ProvisionerHash.drifted(stamped, before)).isFalse();
    assertThat(ProvisionerHash.drifted(stamped, after)).isTrue();

    // Hashed by Karpenter (no version): Dovetail cannot compare the value, so no static drift.
    Map<String, String> karpenter = Map.of(ProvisionerHash.ANNOTATION, "4858327464316418561");
    assertThat(ProvisionerHash.drifted(karpenter, after)).isFalse();
    assertThat(ProvisionerHash.drifted(Map.of(), after)).isFalse();
    assertThat(ProvisionerHash.drifted(null, after)).isFalse();
  }
}
