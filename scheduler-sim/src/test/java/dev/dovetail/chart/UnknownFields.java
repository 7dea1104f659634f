package dev.dovetail.chart;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A schema check without downloaded schemas: fabric8's model classes keep every JSON field they do
 * not know in an {@code additionalProperties} map, so a non-empty map anywhere in a parsed object
 * is a field the Kubernetes API would reject or silently drop (a typo, a wrong indentation level).
 */
final class UnknownFields {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {}

  /** Paths such as {@code spec.template.spec.containers[0]: [imagePullPolcy]}; empty when clean. */
  static List<String> of(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, object.getClass().getSimpleName(), found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]", found));
      return;
    }
    // Generic resources (a ServiceMonitor) have no schema: all their fields are "additional".
    if (!value.getClass().getName().startsWith(MODEL_PACKAGE)
        || value instanceof GenericKubernetesResource) {
      return;
    }
    for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Object child = read(field, value);
        if (isAnySetterMap(field)) {
          if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
            found.add(path + ": " + extra.keySet());
          }
        } else {
          walk(child, path + "." + jsonName(field), found);
        }
      }
    }
  }

  private static boolean isAnySetterMap(Field field) {
    return field.getName().equals("additionalProperties")
        && Map.class.isAssignableFrom(field.getType())
        && field.isAnnotationPresent(JsonIgnore.class);
  }

  private static String jsonName(Field field) {
    JsonProperty property = field.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : field.getName();
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + field + " of " + owner.getClass(), e);
    }
  }
}
