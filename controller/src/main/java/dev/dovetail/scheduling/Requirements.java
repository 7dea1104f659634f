package dev.dovetail.scheduling;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A conjunction of {@link Requirement}s, at most one per key: what a Provisioner allows, what an
 * instance type offers, or what a pod asks for.
 *
 * <p>Compatibility follows upstream Karpenter: every key both sides define must have a common value
 * (or both sides must only exclude values); a key only the pod defines is allowed when the pod
 * excludes values (NotIn, DoesNotExist) or when the key is well-known; a custom key only the pod
 * defines is not allowed.
 */
public final class Requirements {
  /** No requirement at all: everything is allowed. */
  public static final Requirements NONE = new Requirements(Collections.emptySortedMap());

  private final SortedMap<String, Requirement> byKey;
  private int hash;

  private Requirements(SortedMap<String, Requirement> byKey) {
    this.byKey = byKey;
  }

  public static Requirements of(Requirement... requirements) {
    return of(List.of(requirements));
  }

  /** The conjunction of the requirements; two on the same key are intersected. */
  public static Requirements of(Collection<Requirement> requirements) {
    TreeMap<String, Requirement> map = new TreeMap<>();
    for (Requirement r : requirements) {
      map.merge(r.key(), r, Requirement::intersect);
    }
    return map.isEmpty() ? NONE : new Requirements(Collections.unmodifiableSortedMap(map));
  }

  /** Labels as requirements: {@code key In [value]} for each. */
  public static Requirements fromLabels(Map<String, String> labels) {
    TreeMap<String, Requirement> map = new TreeMap<>();
    labels.forEach(
        (k, v) -> {
          Requirement r = Requirement.in(k, v);
          map.merge(r.key(), r, Requirement::intersect);
        });
    return map.isEmpty() ? NONE : new Requirements(Collections.unmodifiableSortedMap(map));
  }

  /** Both sets of requirements at once. */
  public Requirements and(Requirements other) {
    if (other.byKey.isEmpty()) {
      return this;
    }
    if (byKey.isEmpty()) {
      return other;
    }
    TreeMap<String, Requirement> map = new TreeMap<>(byKey);
    other.byKey.forEach((k, r) -> map.merge(k, r, Requirement::intersect));
    return new Requirements(Collections.unmodifiableSortedMap(map));
  }

  public Requirements and(Requirement requirement) {
    TreeMap<String, Requirement> map = new TreeMap<>(byKey);
    map.merge(requirement.key(), requirement, Requirement::intersect);
    return new Requirements(Collections.unmodifiableSortedMap(map));
  }

  /** These requirements without the one on {@code key}. */
  public Requirements without(String key) {
    if (!byKey.containsKey(key)) {
      return this;
    }
    TreeMap<String, Requirement> map = new TreeMap<>(byKey);
    map.remove(key);
    return map.isEmpty() ? NONE : new Requirements(Collections.unmodifiableSortedMap(map));
  }

  /** The requirement on a key, or null when the key is not constrained. */
  public Requirement get(String key) {
    return byKey.get(WellKnownLabels.normalize(key));
  }

  public boolean has(String key) {
    return byKey.containsKey(WellKnownLabels.normalize(key));
  }

  public Collection<Requirement> all() {
    return byKey.values();
  }

  public java.util.Set<String> keys() {
    return byKey.keySet();
  }

  public boolean isEmpty() {
    return byKey.isEmpty();
  }

  /**
   * Why a pod (or anything else) asking for {@code incoming} cannot land on something offering
   * these requirements, or null when it can. Cloud-neutral well-known keys this side leaves
   * undefined are allowed.
   */
  public String incompatibility(Requirements incoming) {
    return incompatibility(incoming, WellKnownLabels.WELL_KNOWN);
  }

  /**
   * As {@link #incompatibility(Requirements)}, allowing the undefined keys in {@code wellKnown}
   * (for a pool: {@link NodePool#wellKnownLabels()}).
   */
  public String incompatibility(Requirements incoming, Set<String> wellKnown) {
    for (Requirement want : incoming.byKey.values()) {
      Requirement have = byKey.get(want.key());
      if (have == null) {
        Operator op = want.operator();
        if (op == Operator.NOT_IN
            || op == Operator.DOES_NOT_EXIST
            || wellKnown.contains(want.key())) {
          continue;
        }
        return "label " + want.key() + " is not defined";
      }
      String conflict = conflict(have, want);
      if (conflict != null) {
        return conflict;
      }
    }
    return null;
  }

  /**
   * True when a node with exactly these labels satisfies every requirement: the strict rule for
   * existing nodes, where an absent label matches only NotIn and DoesNotExist.
   */
  public boolean matchesLabels(Map<String, String> labels) {
    for (Requirement r : byKey.values()) {
      String value = labels.get(r.key());
      if (value == null) {
        Operator op = r.operator();
        if (op != Operator.NOT_IN && op != Operator.DOES_NOT_EXIST) {
          return false;
        }
      } else if (!r.allows(value)) {
        return false;
      }
    }
    return true;
  }

  /** The first requirement a node with these labels fails, or null. */
  public Requirement firstUnmatched(Map<String, String> labels) {
    for (Requirement r : byKey.values()) {
      if (!Requirements.of(r).matchesLabels(labels)) {
        return r;
      }
    }
    return null;
  }

  /** True when {@link #incompatibility} finds nothing. */
  public boolean compatible(Requirements incoming) {
    return incompatibility(incoming) == null;
  }

  /** True when {@link #incompatibility(Requirements, Set)} finds nothing. */
  public boolean compatible(Requirements incoming, Set<String> wellKnown) {
    return incompatibility(incoming, wellKnown) == null;
  }

  /**
   * Why the two sides disagree on a key they both define, or null. Undefined keys are ignored on
   * both sides.
   */
  public String intersectionConflict(Requirements other) {
    SortedMap<String, Requirement> small = byKey.size() <= other.byKey.size() ? byKey : other.byKey;
    Requirements large = small == byKey ? other : this;
    for (Requirement r : small.values()) {
      Requirement o = large.byKey.get(r.key());
      if (o != null) {
        String conflict = small == byKey ? conflict(r, o) : conflict(o, r);
        if (conflict != null) {
          return conflict;
        }
      }
    }
    return null;
  }

  private static String conflict(Requirement have, Requirement want) {
    if (!have.intersect(want).isEmpty()) {
      return null;
    }
    if (excludes(want) && excludes(have)) {
      return null;
    }
    return want + " does not match " + have;
  }

  private static boolean excludes(Requirement r) {
    Operator op = r.operator();
    return op == Operator.NOT_IN || op == Operator.DOES_NOT_EXIST;
  }

  /** The labels a node gets from these requirements: one per key with exactly one value. */
  public SortedMap<String, String> labels() {
    TreeMap<String, String> labels = new TreeMap<>();
    for (Requirement r : byKey.values()) {
      if (!r.complement() && r.values().size() == 1) {
        labels.put(r.key(), r.values().first());
      }
    }
    return labels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Requirements r && byKey.equals(r.byKey);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = byKey.hashCode() | 1;
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return byKey.values().toString();
  }
}
