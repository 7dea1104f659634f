package dev.dovetail.aws.model;

import java.util.List;
import java.util.Map;

/**
 * One term of a selector; terms are ORed, the fields of a term ANDed.
 *
 * @param tags tag key to accepted values; the single value {@code *} means "the key exists"
 * @param id a resource ID, or null
 * @param name a name (AMI name), or null
 * @param owner an AMI owner, or null
 */
public record SelectorTerm(Map<String, List<String>> tags, String id, String name, String owner) {
  public SelectorTerm {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public static SelectorTerm ofId(String id) {
    return new SelectorTerm(Map.of(), id, null, null);
  }
}
