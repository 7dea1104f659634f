package dev.dovetail.manifest;

import dev.dovetail.api.validation.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every document of a set of manifest files, decoded, plus the inputs that could not be read. The
 * typed accessors return valid objects only, with defaults applied, so a command can hand them
 * straight to the engine.
 */
public record LoadedManifests(List<Decoded<?>> decoded, List<ManifestError> errors) {
  public LoadedManifests {
    decoded = List.copyOf(decoded);
    errors = List.copyOf(errors);
  }

  /** The valid, defaulted objects of {@code type}, in file order. */
  public <T> List<T> objects(Class<T> type) {
    List<T> result = new ArrayList<>();
    for (Decoded<?> d : decoded) {
      if (type.isInstance(d.object()) && d.valid()) {
        result.add(type.cast(d.defaulted()));
      }
    }
    return result;
  }

  /** Problems of Dovetail's own kinds and of documents that look like them. */
  public List<Problem> problems() {
    List<Problem> result = new ArrayList<>();
    for (Decoded<?> d : decoded) {
      if (d.owned() || d.descriptor() == null) {
        result.addAll(d.validate());
      }
    }
    return result;
  }

  /** The documents grouped by the directory of their file, in first-seen order. */
  public Map<String, List<Decoded<?>>> byDirectory() {
    Map<String, List<Decoded<?>>> groups = new LinkedHashMap<>();
    for (Decoded<?> d : decoded) {
      java.nio.file.Path parent = java.nio.file.Path.of(d.document().source()).getParent();
      String key = parent == null ? "." : parent.toString();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }
    return groups;
  }
}
