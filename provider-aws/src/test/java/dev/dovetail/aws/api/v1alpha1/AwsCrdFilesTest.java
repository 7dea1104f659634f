package dev.dovetail.aws.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dovetail.api.crd.CrdFiles;
import dev.dovetail.api.crd.StructuralSchemaTest;
import org.junit.jupiter.api.Test;

class AwsCrdFilesTest {
  @Test
  void awsNodeTemplateCrdMatchesTheChart() throws Exception {
    CrdFiles.assertUpToDate(AwsCrds.AWS_NODE_TEMPLATE);
  }

  @Test
  void schemaIsStructural() {
    assertThat(
            StructuralSchemaTest.violations(AwsCrds.AWS_NODE_TEMPLATE.schema(), "AWSNodeTemplate"))
        .isEmpty();
  }

  @Test
  void schemaCoversSpecAndStatus() {
    JsonNode schema = AwsCrds.AWS_NODE_TEMPLATE.schema();
    assertThat(schema.at("/properties/spec/properties").fieldNames())
        .toIterable()
        .contains(
            "amiFamily",
            "amiSelector",
            "blockDeviceMappings",
            "context",
            "detailedMonitoring",
            "instanceProfile",
            "launchTemplate",
            "metadataOptions",
            "securityGroupSelector",
            "subnetSelector",
            "tags",
            "userData");
    assertThat(
            schema.at("/properties/spec/properties/blockDeviceMappings/items/required/0").asText())
        .isEqualTo("deviceName");
    assertThat(schema.at("/properties/status/properties/amis/items/properties").fieldNames())
        .toIterable()
        .containsExactly("id", "name", "requirements");
  }
}
