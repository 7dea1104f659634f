package dev.dovetail.manifest;

import dev.dovetail.api.validation.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * A document after decoding.
 *
 * @param document the raw document
 * @param descriptor how its kind is handled, or null for a kind nobody registered
 * @param object the decoded object, or null when it could not be decoded
 * @param problems decoding problems: a missing or wrong apiVersion/kind, unknown fields, wrong
 *     types
 */
public record Decoded<T>(
    ManifestDocument document, KindDescriptor<T> descriptor, T object, List<Problem> problems) {
  public Decoded {
    problems = List.copyOf(problems);
  }

  /** True when the kind is one of Dovetail's own (Provisioner, Machine, AWSNodeTemplate...). */
  public boolean owned() {
    return descriptor != null && descriptor.owned();
  }

  /** Decoding problems followed by the kind's validation problems. */
  public List<Problem> validate() {
    List<Problem> all = new ArrayList<>(problems);
    if (object != null && descriptor != null) {
      all.addAll(descriptor.validator().apply(object));
    }
    return all;
  }

  /**
   * The object with defaults applied (unchanged for unregistered kinds), or null when undecodable.
   */
  public T defaulted() {
    if (object == null || descriptor == null) {
      return object;
    }
    return descriptor.defaulter().apply(object);
  }

  /** True when the document decoded and passes validation. */
  public boolean valid() {
    return object != null && validate().isEmpty();
  }
}
