package dev.dovetail.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class KarpenterCrdFilesTest {
  @Test
  void provisionerCrdMatchesTheChart() throws Exception {
    CrdFiles.assertUpToDate(KarpenterCrds.PROVISIONER);
  }

  @Test
  void machineCrdMatchesTheChart() throws Exception {
    CrdFiles.assertUpToDate(KarpenterCrds.MACHINE);
  }

  @Test
  void provisionerSchemaIsStructuralAndHasEveryField() {
    JsonNode crd = KarpenterCrds.PROVISIONER.toCrd();
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
    assertThat(version.at("/subresources/status").isObject()).isTrue();
    JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec/properties");
    assertThat(spec.fieldNames())
        .toIterable()
        .containsExactly(
            "annotations",
            "consolidation",
            "kubeletConfiguration",
            "labels",
            "limits",
            "provider",
            "providerRef",
            "requirements",
            "startupTaints",
            "taints",
            "ttlSecondsAfterEmpty",
            "ttlSecondsUntilExpired",
            "weight");
    assertThat(spec.at("/provider/x-kubernetes-preserve-unknown-fields").asBoolean()).isTrue();
    assertThat(
            spec.at("/limits/properties/resources/additionalProperties/x-kubernetes-int-or-string")
                .asBoolean())
        .isTrue();
    assertThat(spec.at("/taints/items/properties").fieldNames())
        .toIterable()
        .containsExactly("effect", "key", "timeAdded", "value");
    assertThat(spec.at("/kubeletConfiguration/properties/clusterDNS/type").asText())
        .isEqualTo("array");
    assertThat(spec.at("/providerRef/required/0").asText()).isEqualTo("name");
    assertThat(version.at("/additionalPrinterColumns").findValuesAsText("name"))
        .containsExactly("Template", "Weight", "CPU", "Memory", "Age");
  }

  @Test
  void checkedInFilesParseBackToTheGeneratedTree() throws Exception {
    for (CrdDefinition crd : KarpenterCrds.all()) {
      JsonNode file =
          new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
              .readTree(CrdFiles.crdDirectory().resolve(crd.fileName()).toFile());
      assertThat(file).as(crd.fileName()).isEqualTo(crd.toCrd());
    }
  }

  @Test
  void machineColumnsShowTypeZoneCapacityNodeReadyAge() {
    JsonNode columns =
        KarpenterCrds.MACHINE.toCrd().at("/spec/versions/0/additionalPrinterColumns");
    assertThat(columns.findValuesAsText("name"))
        .containsExactly("Type", "Zone", "Capacity", "Node", "Ready", "Age", "Provisioner");
  }
}
