package dev.dovetail.sim.kube;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The mock server's object store (attributes of each object to its JSON) with an index by object
 * name. The stock store answers every request by matching the request against every stored object;
 * with thousands of pods that scan dominates a long simulation. Looking up the objects of one name
 * first and matching only those gives the same answer.
 *
 * <p>The stock dispatcher changes the store only through {@code put}, {@code remove} and {@code
 * clear}, which keep the index current.
 */
final class NameIndexedStore extends LinkedHashMap<AttributeSet, String> {
  private static final String NAME = "name";

  private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

  @Override
  public String put(AttributeSet key, String value) {
    String old = super.put(key, value);
    String name = nameOf(key);
    if (name != null) {
      byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
    }
    return old;
  }

  @Override
  public void putAll(Map<? extends AttributeSet, ? extends String> entries) {
    entries.forEach(this::put);
  }

  @Override
  public String remove(Object key) {
    if (key instanceof AttributeSet set && containsKey(set)) {
      String name = nameOf(set);
      Set<AttributeSet> named = name == null ? null : byName.get(name);
      if (named != null) {
        named.remove(set);
        if (named.isEmpty()) {
          byName.remove(name);
        }
      }
    }
    return super.remove(key);
  }

  @Override
  public void clear() {
    super.clear();
    byName.clear();
  }

  /**
   * The first stored object (in store order among those of the query's name) that {@code query}
   * matches, or {@code null}. Only for a query that names one object; the caller holds the store's
   * lock.
   */
  Map.Entry<AttributeSet, String> findNamed(AttributeSet query) {
    Set<AttributeSet> named = byName.get(nameOf(query));
    if (named == null) {
      return null;
    }
    for (AttributeSet key : named) {
      if (key.matches(query)) {
        return new AbstractMap.SimpleImmutableEntry<>(key, get(key));
      }
    }
    return null;
  }

  /** Whether {@link #findNamed} can answer {@code query}: it asks for one name. */
  static boolean named(AttributeSet query) {
    Attribute name = query.getAttribute(NAME);
    return name != null && name.getValues().size() == 1;
  }

  private static String nameOf(AttributeSet set) {
    Attribute name = set.getAttribute(NAME);
    return name == null ? null : String.valueOf(name.getValues());
  }
}
