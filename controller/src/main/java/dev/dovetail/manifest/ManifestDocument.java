package dev.dovetail.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One document of a manifest file, as a raw tree plus where it came from.
 *
 * @param source the file, as given or found while walking a directory
 * @param index the 1-based position of the document in its file
 * @param location where the document starts
 * @param apiVersion {@code apiVersion}, or null when missing or not a string
 * @param kind {@code kind}, or null when missing or not a string
 * @param name {@code metadata.name}, or null
 * @param namespace {@code metadata.namespace}, or null
 * @param tree the document
 * @param locations the location of every node, keyed by JSON pointer ({@code /spec/weight})
 */
public record ManifestDocument(
    String source,
    int index,
    SourceLocation location,
    String apiVersion,
    String kind,
    String name,
    String namespace,
    JsonNode tree,
    Map<String, SourceLocation> locations) {

  /** The location of the node at {@code pointer}, or of its closest ancestor that has one. */
  public SourceLocation locationOf(String pointer) {
    String p = pointer;
    while (!p.isEmpty()) {
      SourceLocation found = locations.get(p);
      if (found != null) {
        return found;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
    return location;
  }

  /**
   * The location of a field given in Kubernetes path notation ({@code spec.requirements[0].key},
   * {@code spec.labels[team]}), or of its closest ancestor.
   */
  public SourceLocation locationOfField(String fieldPath) {
    StringBuilder pointer = new StringBuilder();
    int i = 0;
    while (i < fieldPath.length()) {
      char c = fieldPath.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '[') {
        int close = fieldPath.indexOf(']', i);
        if (close < 0) {
          break;
        }
        pointer.append('/').append(escape(fieldPath.substring(i + 1, close)));
        i = close + 1;
      } else {
        int end = i;
        while (end < fieldPath.length()
            && fieldPath.charAt(end) != '.'
            && fieldPath.charAt(end) != '[') {
          end++;
        }
        pointer.append('/').append(escape(fieldPath.substring(i, end)));
        i = end;
      }
    }
    return locationOf(pointer.toString());
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /** {@code Kind/name} for messages. */
  public String displayName() {
    return (kind == null ? "<unknown kind>" : kind) + "/" + (name == null ? "<unnamed>" : name);
  }
}
