package dev.dovetail.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dovetail.api.validation.FieldPath;
import dev.dovetail.api.validation.Problems;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks a raw document (or part of one) against a structural schema the way the API server does
 * with strict field validation: unknown fields and wrong types are problems, named by their field
 * path. Null values count as absent.
 */
public final class SchemaChecker {
  private SchemaChecker() {}

  public static void check(JsonNode value, JsonNode schema, FieldPath path, Problems problems) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (value.isNumber() && !value.isIntegralNumber()) {
        problems.add(
            path, "must be an integer or a string, not " + describe(value) + " (quote it)");
      } else if (!value.isIntegralNumber() && !value.isTextual()) {
        problems.add(path, "must be an integer or a string, not " + describe(value));
      }
      return;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(value, schema, path, problems);
      case "array" -> {
        if (!value.isArray()) {
          problems.add(path, "must be a list, not " + describe(value));
          return;
        }
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.path("items"), path.index(i), problems);
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          problems.add(path, "must be a string, not " + describe(value) + " (quote it)");
        } else if (schema.has("enum")) {
          boolean allowed = false;
          for (JsonNode option : schema.get("enum")) {
            allowed |= option.asText().equals(value.asText());
          }
          if (!allowed) {
            problems.add(
                path, "must be one of " + schema.get("enum") + ", not \"" + value.asText() + "\"");
          }
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(path, "must be an integer, not " + describe(value));
        } else if ("int32".equals(schema.path("format").asText()) && !value.canConvertToInt()) {
          problems.add(path, "must fit in a 32-bit integer");
        } else if (!value.canConvertToLong()) {
          problems.add(path, "must fit in a 64-bit integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(path, "must be a number, not " + describe(value));
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(path, "must be true or false, not " + describe(value));
        }
      }
      default -> {
        // no type: anything goes
      }
    }
  }

  private static void checkObject(
      JsonNode value, JsonNode schema, FieldPath path, Problems problems) {
    if (!value.isObject()) {
      problems.add(path, "must be an object, not " + describe(value));
      return;
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (JsonNode required : schema.path("required")) {
      JsonNode field = value.get(required.asText());
      if (field == null || field.isNull()) {
        problems.add(path.child(required.asText()), "required field is missing");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (properties != null && properties.has(field.getKey())) {
        check(
            field.getValue(), properties.get(field.getKey()), path.child(field.getKey()), problems);
      } else if (additional != null) {
        check(field.getValue(), additional, path.key(field.getKey()), problems);
      } else if (properties != null && !preserve) {
        problems.add(path.child(field.getKey()), "unknown field");
      }
    }
  }

  private static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "the string \"" + value.asText() + "\"";
    }
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isBoolean()) {
      return "the boolean " + value.asText();
    }
    if (value.isNumber()) {
      return "the number " + value.asText();
    }
    return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
