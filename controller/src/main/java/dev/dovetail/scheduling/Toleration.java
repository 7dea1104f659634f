package dev.dovetail.scheduling;

import java.util.Collection;

/**
 * A pod toleration, matched against taints as Kubernetes does.
 *
 * <p>An empty key with {@code Exists} tolerates every taint; {@code Exists} ignores the value;
 * {@code Equal} (the default) needs the same value; a null effect matches every effect.
 *
 * @param key the taint key, empty for all keys
 * @param exists true for operator {@code Exists}, false for {@code Equal}
 * @param value the value for {@code Equal}
 * @param effect the effect, or null for all effects
 */
public record Toleration(String key, boolean exists, String value, TaintEffect effect) {
  public Toleration {
    key = key == null ? "" : key;
    value = value == null ? "" : value;
  }

  /** Tolerates {@code key=value:effect}. */
  public static Toleration equal(String key, String value, TaintEffect effect) {
    return new Toleration(key, false, value, effect);
  }

  /** Tolerates any value of {@code key} with the effect (null for any effect). */
  public static Toleration exists(String key, TaintEffect effect) {
    return new Toleration(key, true, "", effect);
  }

  /** Tolerates everything. */
  public static Toleration everything() {
    return new Toleration("", true, "", null);
  }

  public boolean tolerates(Taint taint) {
    if (effect != null && effect != taint.effect()) {
      return false;
    }
    if (key.isEmpty()) {
      return exists;
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return exists || value.equals(taint.value());
  }

  /** True when one of the tolerations tolerates the taint. */
  public static boolean anyTolerates(Collection<Toleration> tolerations, Taint taint) {
    for (Toleration t : tolerations) {
      if (t.tolerates(taint)) {
        return true;
      }
    }
    return false;
  }
}
