package dev.dovetail.api.crd;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Walks a Java type the way Jackson sees it (records, beans, {@code @JsonProperty} names) and emits
 * a structural OpenAPI v3 schema. Properties are sorted by name so the output is stable.
 * Descriptions come from {@code @JsonPropertyDescription}; {@code @JsonProperty(required = true)}
 * makes a property required.
 */
public final class SchemaGenerator {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The Kubernetes quantity syntax, as the API server's own CRDs spell it. */
  public static final String QUANTITY_PATTERN =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  private final ObjectMapper mapper = new ObjectMapper();

  /** The schema of {@code type}. */
  public ObjectNode schemaFor(Type type) {
    return schemaFor(mapper.constructType(type));
  }

  private ObjectNode schemaFor(JavaType type) {
    Class<?> raw = type.getRawClass();
    ObjectNode schema = NODES.objectNode();
    if (raw == String.class) {
      schema.put("type", "string");
    } else if (raw == Integer.class || raw == int.class || raw == Short.class) {
      schema.put("type", "integer").put("format", "int32");
    } else if (raw == Long.class || raw == long.class) {
      schema.put("type", "integer").put("format", "int64");
    } else if (raw == Boolean.class || raw == boolean.class) {
      schema.put("type", "boolean");
    } else if (raw == Double.class || raw == Float.class || raw == BigDecimal.class) {
      schema.put("type", "number");
    } else if (raw == Quantity.class) {
      ArrayNode anyOf = schema.putArray("anyOf");
      anyOf.addObject().put("type", "integer");
      anyOf.addObject().put("type", "string");
      schema.put("pattern", QUANTITY_PATTERN);
      schema.put("x-kubernetes-int-or-string", true);
    } else if (raw == ObjectMeta.class) {
      schema.put("type", "object");
    } else if (JsonNode.class.isAssignableFrom(raw) || raw == Object.class) {
      schema.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    } else if (raw.isEnum()) {
      schema.put("type", "string");
      var values = schema.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        values.add(mapper.convertValue(constant, String.class));
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      schema.put("type", "object");
      schema.set("additionalProperties", schemaFor(type.getContentType()));
    } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
      schema.put("type", "array");
      schema.set("items", schemaFor(type.getContentType()));
    } else {
      objectSchema(type, schema);
    }
    return schema;
  }

  private void objectSchema(JavaType type, ObjectNode schema) {
    BeanDescription bean = mapper.getSerializationConfig().introspect(type);
    List<BeanPropertyDefinition> props = new ArrayList<>(bean.findProperties());
    props.sort(Comparator.comparing(BeanPropertyDefinition::getName));
    schema.put("type", "object");
    ObjectNode properties = NODES.objectNode();
    List<String> required = new ArrayList<>();
    for (BeanPropertyDefinition prop : props) {
      if (prop.getAccessor() == null) {
        continue;
      }
      ObjectNode child = NODES.objectNode();
      String description = prop.getMetadata().getDescription();
      if (description != null) {
        child.put("description", description);
      }
      child.setAll(schemaFor(prop.getPrimaryType()));
      properties.set(prop.getName(), child);
      if (prop.isRequired()) {
        required.add(prop.getName());
      }
    }
    if (!required.isEmpty()) {
      var array = schema.putArray("required");
      required.forEach(array::add);
    }
    schema.set("properties", properties);
  }
}
