package dev.dovetail.sim.kube;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The mock server's object store (attributes of each object to its JSON) with an index by object
 * name. The stock store answers every request by matching the request against every stored object;
 * with thousands of pods that scan dominates a long simulation. Looking up the objects of one name
 * first and matching only those gives the same answer.
 *
 * <p>The stock dispatcher changes the store only through {@code put}, {@code remove} and {@code
 * clear}, which keep the index current.
 *
 * <p>Stock handlers that list or delete scan {@code entrySet()} themselves. Run inside {@link
 * #narrowedTo}, such a scan sees only the objects of the query's name, or of its resource type, in
 * store order: an object missing the attribute the query asks for cannot match it anyway.
 */
final class NameIndexedStore extends LinkedHashMap<AttributeSet, String> {
  private static final String NAME = "name";
  private static final String PLURAL = "plural";

  private final Map<String, Set<AttributeSet>> byName = new HashMap<>();
  private final Map<String, Set<AttributeSet>> byPlural = new HashMap<>();
  private final ThreadLocal<AttributeSet> narrowing = new ThreadLocal<>();
  private final Set<Map.Entry<AttributeSet, String>> all = super.entrySet();
  private final Set<Map.Entry<AttributeSet, String>> view =
      new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<AttributeSet, String>> iterator() {
          // A snapshot, so that removing through the iterator keeps the indexes current.
          Iterator<Map.Entry<AttributeSet, String>> entries = current().iterator();
          return new Iterator<>() {
            private Map.Entry<AttributeSet, String> last;

            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Map.Entry<AttributeSet, String> next() {
              last = entries.next();
              return last;
            }

            @Override
            public void remove() {
              NameIndexedStore.this.remove(last.getKey());
            }
          };
        }

        @Override
        public int size() {
          Set<AttributeSet> keys = narrowedKeys();
          return keys == null ? all.size() : keys.size();
        }

        @Override
        public boolean contains(Object entry) {
          return all.contains(entry);
        }

        @Override
        public boolean remove(Object entry) {
          if (entry instanceof Map.Entry<?, ?> e && all.contains(e)) {
            NameIndexedStore.this.remove(e.getKey());
            return true;
          }
          return false;
        }
      };

  @Override
  public String put(AttributeSet key, String value) {
    String old = super.put(key, value);
    index(byName, valueOf(key, NAME), key);
    index(byPlural, valueOf(key, PLURAL), key);
    return old;
  }

  @Override
  public void putAll(Map<? extends AttributeSet, ? extends String> entries) {
    entries.forEach(this::put);
  }

  @Override
  public String remove(Object key) {
    if (key instanceof AttributeSet set && containsKey(set)) {
      unindex(byName, valueOf(set, NAME), set);
      unindex(byPlural, valueOf(set, PLURAL), set);
    }
    return super.remove(key);
  }

  @Override
  public void clear() {
    super.clear();
    byName.clear();
    byPlural.clear();
  }

  /**
   * Runs {@code call} (a stock handler on this thread) with {@link #entrySet()} narrowed to the
   * objects {@code query} can match.
   */
  <T> T narrowedTo(AttributeSet query, Supplier<T> call) {
    narrowing.set(query);
    try {
      return call.get();
    } finally {
      narrowing.remove();
    }
  }

  /**
   * A view that decides on each use whether it is narrowed: the synchronized wrapper around this
   * store keeps the first entry set it is given for good.
   */
  @Override
  public Set<Map.Entry<AttributeSet, String>> entrySet() {
    return view;
  }

  /** The stored keys a narrowed call may match, or {@code null} outside one. */
  private Set<AttributeSet> narrowedKeys() {
    AttributeSet query = narrowing.get();
    return query == null ? null : candidates(query);
  }

  /** A copy of the entries the current call may see, in store order. */
  private List<Map.Entry<AttributeSet, String>> current() {
    Set<AttributeSet> keys = narrowedKeys();
    if (keys == null) {
      return List.copyOf(all);
    }
    List<Map.Entry<AttributeSet, String>> entries = new ArrayList<>(keys.size());
    for (AttributeSet key : keys) {
      entries.add(new AbstractMap.SimpleImmutableEntry<>(key, get(key)));
    }
    return entries;
  }

  /** The stored keys that may match {@code query}, or {@code null} to scan them all. */
  private Set<AttributeSet> candidates(AttributeSet query) {
    if (named(query)) {
      return byName.getOrDefault(valueOf(query, NAME), Set.of());
    }
    Attribute plural = query.getAttribute(PLURAL);
    if (plural != null && plural.getValues().size() == 1) {
      return byPlural.getOrDefault(valueOf(query, PLURAL), Set.of());
    }
    return null;
  }

  /**
   * The first stored object (in store order among those of the query's name) that {@code query}
   * matches, or {@code null}. Only for a query that names one object; the caller holds the store's
   * lock.
   */
  Map.Entry<AttributeSet, String> findNamed(AttributeSet query) {
    Set<AttributeSet> named = byName.get(valueOf(query, NAME));
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

  private static String valueOf(AttributeSet set, String attribute) {
    Attribute found = set.getAttribute(attribute);
    return found == null ? null : String.valueOf(found.getValues());
  }

  private static void index(Map<String, Set<AttributeSet>> index, String value, AttributeSet key) {
    if (value != null) {
      index.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(key);
    }
  }

  private static void unindex(
      Map<String, Set<AttributeSet>> index, String value, AttributeSet key) {
    Set<AttributeSet> keys = value == null ? null : index.get(value);
    if (keys != null) {
      keys.remove(key);
      if (keys.isEmpty()) {
        index.remove(value);
      }
    }
  }
}
