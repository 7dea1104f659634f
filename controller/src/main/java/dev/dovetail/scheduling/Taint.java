package dev.dovetail.scheduling;

import java.util.Objects;

/**
 * A node taint: pods that do not tolerate it are kept off the node (see {@link TaintEffect}).
 *
 * @param key the taint key
 * @param value the taint value, empty when none
 * @param effect what the taint does
 */
public record Taint(String key, String value, TaintEffect effect) {
  public Taint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(effect, "effect");
    value = value == null ? "" : value;
  }

  @Override
  public String toString() {
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
