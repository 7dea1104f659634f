package dev.dovetail.sim.simulate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An informer's objects, kept sorted by namespace and name as its events arrive, so that readers
 * get them in an order that depends on nothing but the objects without sorting 2,000 pods after
 * every change. Register it before {@link InformerCatchUp} follows the informer: handlers see an
 * event in registration order, so once the catch-up counts match, the mirror holds the change.
 */
final class SortedMirror<T extends HasMetadata> implements ResourceEventHandler<T> {
  /** Namespace ({@code "null"} for cluster-scoped objects), then name. */
  private record Key(String namespace, String name) implements Comparable<Key> {
    static Key of(HasMetadata object) {
      return new Key(
          String.valueOf(object.getMetadata().getNamespace()), object.getMetadata().getName());
    }

    @Override
    public int compareTo(Key other) {
      int byNamespace = namespace.compareTo(other.namespace);
      return byNamespace != 0 ? byNamespace : name.compareTo(other.name);
    }
  }

  private final ConcurrentSkipListMap<Key, T> objects = new ConcurrentSkipListMap<>();

  private final AtomicLong events = new AtomicLong();

  /** The list handed out after {@code events} events: a pass reads the same pods several times. */
  private record Copy<T>(long events, List<T> objects) {}

  private volatile Copy<T> copy;

  static <T extends HasMetadata> SortedMirror<T> of(SharedIndexInformer<T> informer) {
    SortedMirror<T> mirror = new SortedMirror<>();
    informer.addEventHandler(mirror);
    return mirror;
  }

  /** The objects in namespace and name order. */
  List<T> list() {
    long seen = events.get();
    Copy<T> last = copy;
    if (last != null && last.events() == seen) {
      return last.objects();
    }
    List<T> objects = List.copyOf(this.objects.values());
    copy = new Copy<>(seen, objects);
    return objects;
  }

  @Override
  public void onAdd(T object) {
    objects.put(Key.of(object), object);
    events.incrementAndGet();
  }

  @Override
  public void onUpdate(T oldObject, T newObject) {
    objects.put(Key.of(newObject), newObject);
    events.incrementAndGet();
  }

  @Override
  public void onDelete(T object, boolean deletedFinalStateUnknown) {
    objects.remove(Key.of(object));
    events.incrementAndGet();
  }
}
