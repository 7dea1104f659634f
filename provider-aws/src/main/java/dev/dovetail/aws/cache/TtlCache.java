package dev.dovetail.aws.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A small key → value cache whose entries expire after a TTL on the injected clock. */
public final class TtlCache<K, V> {
  private record Entry<V>(V value, Instant expires) {}

  private final Clock clock;
  private final Duration ttl;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  public TtlCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The cached value, or the loader's result (cached) when absent or expired. */
  public V get(K key, Supplier<V> loader) {
    Instant now = clock.instant();
    Entry<V> e = entries.get(key);
    if (e != null && now.isBefore(e.expires())) {
      return e.value();
    }
    V value = loader.get();
    // Keys can carry versions (an offering sequence, a catalog generation) that never come back,
    // so expired entries are dropped here rather than kept until their key is asked for again.
    entries.values().removeIf(old -> !now.isBefore(old.expires()));
    entries.put(key, new Entry<>(value, now.plus(ttl)));
    return value;
  }

  /** How many entries are held, expired or not. */
  int size() {
    return entries.size();
  }

  public java.util.Optional<V> getIfPresent(K key) {
    Entry<V> e = entries.get(key);
    return e != null && clock.instant().isBefore(e.expires())
        ? java.util.Optional.of(e.value())
        : java.util.Optional.empty();
  }

  public void put(K key, V value) {
    entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
  }

  public void invalidate(K key) {
    entries.remove(key);
  }

  public void invalidateAll() {
    entries.clear();
  }
}
