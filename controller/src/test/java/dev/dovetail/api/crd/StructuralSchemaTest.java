package dev.dovetail.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dovetail.api.validation.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The generated schemas follow the structural-schema rules of apiextensions.k8s.io/v1: every node
 * has a type unless it is int-or-string or preserves unknown fields, and properties and
 * additionalProperties never meet.
 */
public class StructuralSchemaTest {
  public static List<String> violations(JsonNode schema, String path) {
    List<String> found = new ArrayList<>();
    boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean(false);
    if (!schema.has("type") && !intOrString) {
      found.add(path + ": no type");
    }
    if (schema.has("properties") && schema.has("additionalProperties")) {
      found.add(path + ": properties and additionalProperties");
    }
    if (schema.has("anyOf")) {
      for (JsonNode branch : schema.get("anyOf")) {
        if (branch.has("properties") || branch.has("items") || branch.has("description")) {
          found.add(path + ": anyOf branch declares structure");
        }
      }
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      found.addAll(violations(property.getValue(), path + "." + property.getKey()));
    }
    if (schema.has("items")) {
      found.addAll(violations(schema.get("items"), path + "[]"));
    }
    if (schema.has("additionalProperties")) {
      found.addAll(violations(schema.get("additionalProperties"), path + "{}"));
    }
    return found;
  }

  @Test
  void karpenterSchemasAreStructural() {
    for (CrdDefinition crd : KarpenterCrds.all()) {
      assertThat(violations(crd.schema(), crd.kind())).as(crd.kind()).isEmpty();
    }
  }

  @Test
  void checkerFindsViolations() {
    JsonNode bad =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .put("type", "object")
            .set(
                "properties",
                new com.fasterxml.jackson.databind.ObjectMapper()
                    .createObjectNode()
                    .set(
                        "x", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
    assertThat(violations(bad, "Bad")).containsExactly("Bad.x: no type");
  }

  @Test
  void quantityPatternAgreesWithTheValidator() {
    Pattern pattern = Pattern.compile(SchemaGenerator.QUANTITY_PATTERN);
    for (String text :
        List.of("1", "1000", "1500m", "4Gi", "0.5", ".5", "1e3", "+2", "-1Gi", "100Mi")) {
      assertThat(pattern.matcher(text).matches()).as(text).isTrue();
      assertThat(Quantities.parse(text)).as(text).isNotNull();
    }
    for (String text : List.of("lots", "1GB", "Gi", "1.2.3", "", "1 Gi")) {
      assertThat(pattern.matcher(text).matches()).as(text).isFalse();
      assertThat(Quantities.parse(text)).as(text).isNull();
    }
  }
}
