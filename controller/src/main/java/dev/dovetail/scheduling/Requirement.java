package dev.dovetail.scheduling;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The set of values one label key may take: the meaning of a node selector requirement.
 *
 * <p>A requirement is either a finite set ({@code complement == false}: In, or DoesNotExist when
 * empty) or the complement of one ({@code complement == true}: NotIn, or Exists when empty), with
 * optional integer bounds for Gt and Lt. Intersecting two requirements on the same key gives the
 * values both allow. Bounds are kept only on complement sets; a finite set is filtered by them.
 *
 * @param key the label key, with beta aliases mapped to stable keys
 * @param complement true when {@code values} lists what is excluded
 * @param values the listed values, sorted
 * @param greaterThan exclusive lower bound, or null
 * @param lessThan exclusive upper bound, or null
 */
public record Requirement(
    String key, boolean complement, SortedSet<String> values, Long greaterThan, Long lessThan) {

  public Requirement {
    Objects.requireNonNull(key, "key");
    key = WellKnownLabels.normalize(key);
    values = Collections.unmodifiableSortedSet(new TreeSet<>(values));
    if (!complement) {
      if (greaterThan != null || lessThan != null) {
        Long gt = greaterThan;
        Long lt = lessThan;
        TreeSet<String> kept = new TreeSet<>();
        for (String v : values) {
          if (withinBounds(v, gt, lt)) {
            kept.add(v);
          }
        }
        values = Collections.unmodifiableSortedSet(kept);
      }
      greaterThan = null;
      lessThan = null;
    } else if (greaterThan != null && lessThan != null && greaterThan >= lessThan - 1) {
      // No integer lies strictly between the bounds: nothing is allowed.
      complement = false;
      values = Collections.emptySortedSet();
      greaterThan = null;
      lessThan = null;
    }
  }

  /** Builds a requirement from a manifest operator and values, checking the operator's rules. */
  public static Requirement of(String key, Operator operator, Collection<String> values) {
    return switch (operator) {
      case IN -> {
        if (values.isEmpty()) {
          throw new IllegalArgumentException("requirement " + key + " In needs at least one value");
        }
        yield in(key, values);
      }
      case NOT_IN -> notIn(key, values);
      case EXISTS -> exists(key);
      case DOES_NOT_EXIST -> doesNotExist(key);
      case GT -> gt(key, singleInteger(key, operator, values));
      case LT -> lt(key, singleInteger(key, operator, values));
    };
  }

  public static Requirement in(String key, Collection<String> values) {
    return new Requirement(key, false, new TreeSet<>(values), null, null);
  }

  public static Requirement in(String key, String... values) {
    return in(key, List.of(values));
  }

  public static Requirement notIn(String key, Collection<String> values) {
    return new Requirement(key, true, new TreeSet<>(values), null, null);
  }

  public static Requirement notIn(String key, String... values) {
    return notIn(key, List.of(values));
  }

  public static Requirement exists(String key) {
    return new Requirement(key, true, Collections.emptySortedSet(), null, null);
  }

  public static Requirement doesNotExist(String key) {
    return new Requirement(key, false, Collections.emptySortedSet(), null, null);
  }

  public static Requirement gt(String key, long value) {
    return new Requirement(key, true, Collections.emptySortedSet(), value, null);
  }

  public static Requirement lt(String key, long value) {
    return new Requirement(key, true, Collections.emptySortedSet(), null, value);
  }

  /** The operator this requirement would be written with. */
  public Operator operator() {
    if (complement) {
      if (greaterThan != null) {
        return Operator.GT;
      }
      if (lessThan != null) {
        return Operator.LT;
      }
      return values.isEmpty() ? Operator.EXISTS : Operator.NOT_IN;
    }
    return values.isEmpty() ? Operator.DOES_NOT_EXIST : Operator.IN;
  }

  /** True when a node labelled {@code key=value} satisfies this requirement. */
  public boolean allows(String value) {
    if (complement) {
      return !values.contains(value) && withinBounds(value, greaterThan, lessThan);
    }
    return values.contains(value);
  }

  /** True when nothing, not even an absent label, satisfies it apart from DoesNotExist. */
  public boolean isEmpty() {
    return !complement && values.isEmpty();
  }

  /** The number of allowed values; {@link Integer#MAX_VALUE} for an open (complement) set. */
  public int size() {
    return complement ? Integer.MAX_VALUE : values.size();
  }

  /** The values both allow. */
  public Requirement intersect(Requirement other) {
    if (!key.equals(other.key)) {
      throw new IllegalArgumentException(
          "cannot intersect requirements on different keys " + key + " and " + other.key);
    }
    Long gt = maxOf(greaterThan, other.greaterThan);
    Long lt = minOf(lessThan, other.lessThan);
    if (complement && other.complement) {
      TreeSet<String> union = new TreeSet<>(values);
      union.addAll(other.values);
      return new Requirement(key, true, union, gt, lt);
    }
    if (complement) {
      return other.keepAllowedBy(this, gt, lt);
    }
    if (other.complement) {
      return keepAllowedBy(other, gt, lt);
    }
    TreeSet<String> common = new TreeSet<>(values);
    common.retainAll(other.values);
    return new Requirement(key, false, common, gt, lt);
  }

  private Requirement keepAllowedBy(Requirement open, Long gt, Long lt) {
    TreeSet<String> kept = new TreeSet<>();
    for (String v : values) {
      if (!open.values.contains(v)) {
        kept.add(v);
      }
    }
    return new Requirement(key, false, kept, gt, lt);
  }

  /** One allowed value for a label on a node, when the set is finite and not empty. */
  public String anyValue() {
    return complement || values.isEmpty() ? null : values.first();
  }

  @Override
  public String toString() {
    return switch (operator()) {
      case IN -> key + " In " + values;
      case NOT_IN -> key + " NotIn " + values;
      case EXISTS -> key + " Exists";
      case DOES_NOT_EXIST -> key + " DoesNotExist";
      case GT ->
          key
              + " Gt "
              + greaterThan
              + (lessThan != null ? " Lt " + lessThan : "")
              + (values.isEmpty() ? "" : " NotIn " + values);
      case LT -> key + " Lt " + lessThan + (values.isEmpty() ? "" : " NotIn " + values);
    };
  }

  private static boolean withinBounds(String value, Long gt, Long lt) {
    if (gt == null && lt == null) {
      return true;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      return false;
    }
    return (gt == null || n > gt) && (lt == null || n < lt);
  }

  private static long singleInteger(String key, Operator op, Collection<String> values) {
    if (values.size() != 1) {
      throw new IllegalArgumentException(
          "requirement " + key + " " + op + " needs exactly one integer value, got " + values);
    }
    String v = values.iterator().next();
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "requirement " + key + " " + op + " needs a non-negative integer, got \"" + v + "\"");
    }
  }

  private static Long maxOf(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
  }

  private static Long minOf(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }
}
