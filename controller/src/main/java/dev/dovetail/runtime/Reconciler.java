package dev.dovetail.runtime;

/**
 * Reconciles one object, named by its key. Implementations read the current state themselves (from
 * informer caches or the API), so a key may be reconciled any number of times; the runtime never
 * runs two reconciles of one key at once.
 *
 * @param <K> the key type, usually {@code "namespace/name"} or a cluster-scoped name
 */
@FunctionalInterface
public interface Reconciler<K> {
  /** Returns what to do next; a thrown exception is treated as {@link Result.Failed}. */
  Result reconcile(K key);
}
