package dev.dovetail.aws.launchtemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.Map;

/**
 * Bottlerocket user data: the user's TOML read by a TOML parser, our {@code settings.kubernetes}
 * values set on top, the whole written back by the TOML serializer.
 */
final class BottlerocketSettings {
  private static final TomlMapper TOML = new TomlMapper();

  private BottlerocketSettings() {}

  /**
   * @throws IllegalArgumentException naming {@code spec.userData} when the user's text is not TOML
   */
  static String merge(String userToml, Map<String, Object> kubernetes) {
    ObjectNode root;
    try {
      JsonNode read = userToml == null || userToml.isBlank() ? null : TOML.readTree(userToml);
      root = read instanceof ObjectNode o ? o : TOML.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec.userData is not TOML: " + e.getOriginalMessage(), e);
    }
    ObjectNode settings = object(root, "settings");
    ObjectNode k8s = object(settings, "kubernetes");
    kubernetes.forEach(
        (key, value) -> {
          JsonNode ours = TOML.valueToTree(value);
          if (ours instanceof ObjectNode table && k8s.get(key) instanceof ObjectNode theirs) {
            theirs.setAll(table); // tables such as node-labels keep the user's other entries
          } else {
            k8s.set(key, ours);
          }
        });
    try {
      return TOML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      // e.g. an unpaired surrogate in the user's own TOML, which has no UTF-8 encoding
      throw new IllegalArgumentException(
          "spec.userData cannot be written back as TOML: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    if (parent.get(field) instanceof ObjectNode o) {
      return o;
    }
    // a user value of another type at this key is replaced, as Bottlerocket could not read it
    return parent.putObject(field);
  }
}
