package dev.dovetail.sim.simulate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows when the controllers' informers have seen every change the embedded API server stored. The
 * server counts its writes per resource; a handler registered last on each informer counts the
 * events it was handed. fabric8 hands an informer's events to its handlers in registration order on
 * one serial executor, so once the counts match, every earlier handler (cluster state, the work
 * queues) has seen the change too. Waiting for this before timers run and the clock jumps makes a
 * run independent of thread timing.
 */
final class InformerCatchUp {
  private static final Logger LOG = LoggerFactory.getLogger(InformerCatchUp.class);

  /**
   * How long the counts may stand still before a lag is taken for a write that sent no event (the
   * mock server stores an unchanged status without telling watchers). Long enough that a busy
   * machine starving the informer threads does not pass for that, since the simulated cluster reads
   * the informer caches once the counts match.
   */
  private static final Duration STILL = Duration.ofSeconds(1);

  private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
  private final Map<String, String> versions = new ConcurrentHashMap<>();
  private volatile long events;
  private final Clock wall;

  /** {@code wall} is real time: how long the informer threads have been quiet. */
  InformerCatchUp(Clock wall) {
    this.wall = wall;
  }

  /**
   * The server stored a change at {@code path}: {@code stored} is the object as stored, null after
   * a delete. A write that kept the resourceVersion (nothing changed) sends watchers no event and
   * is not counted.
   */
  void serverWrote(String path, HasMetadata stored) {
    String resource = resourceOf(path);
    AtomicLong count = written.get(resource);
    if (count == null) {
      return;
    }
    if (stored != null) {
      String key =
          resource
              + "/"
              + stored.getMetadata().getNamespace()
              + "/"
              + stored.getMetadata().getName();
      String version = stored.getMetadata().getResourceVersion();
      if (version != null && version.equals(versions.put(key, version))) {
        return;
      }
    }
    count.incrementAndGet();
  }

  /**
   * Counts the events {@code informer} hands to its handlers; register after every other handler.
   */
  <T> void follow(String resource, SharedIndexInformer<T> informer) {
    written.put(resource, new AtomicLong());
    AtomicLong count = new AtomicLong();
    handled.put(resource, count);
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            seen(count);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            seen(count);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            seen(count);
          }
        });
  }

  private void seen(AtomicLong count) {
    count.incrementAndGet();
    events++;
  }

  /** Handled watch events so far, all informers together (changes when anything changed). */
  long events() {
    return events;
  }

  /** Handled watch events of some resources, for example {@code pods} and {@code nodes}. */
  long events(String... resources) {
    long sum = 0;
    for (String r : resources) {
      AtomicLong count = handled.get(r);
      sum += count == null ? 0 : count.get();
    }
    return sum;
  }

  boolean caughtUp() {
    for (Map.Entry<String, AtomicLong> e : written.entrySet()) {
      if (handled.get(e.getKey()).get() < e.getValue().get()) {
        return false;
      }
    }
    return true;
  }

  /** Waits until the informers have caught up (or, defensively, gives up after a while). */
  void await() {
    if (caughtUp()) {
      return;
    }
    long seen = events;
    Instant deadline = wall.instant().plus(STILL);
    int spins = 0;
    while (!caughtUp()) {
      if (++spins < 200) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(20_000);
      }
      if (events != seen) {
        seen = events;
        deadline = wall.instant().plus(STILL);
      } else if (wall.instant().isAfter(deadline)) {
        LOG.atWarn().addKeyValue("lag", lag()).log("informers saw no event for a write");
        resync();
        return;
      }
    }
  }

  private String lag() {
    StringBuilder s = new StringBuilder();
    written.forEach(
        (r, w) -> {
          long h = handled.get(r).get();
          if (h < w.get()) {
            s.append(r).append(' ').append(h).append('/').append(w.get()).append(' ');
          }
        });
    return s.toString().trim();
  }

  /** Forgets a lag that will never close (an event fabric8 coalesced), so later waits are exact. */
  private void resync() {
    written.forEach((r, w) -> w.set(Math.min(w.get(), handled.get(r).get())));
  }

  /**
   * The resource a request path names: {@code pods} for {@code
   * /api/v1/namespaces/x/pods/y/binding}, {@code machines} for {@code
   * /apis/karpenter.sh/v1alpha5/machines/m}.
   */
  static String resourceOf(String path) {
    String p = path;
    int query = p.indexOf('?');
    if (query >= 0) {
      p = p.substring(0, query);
    }
    String[] parts = p.replaceFirst("^/+", "").split("/");
    int start;
    if (parts.length > 0 && parts[0].equals("api")) {
      start = 2;
    } else if (parts.length > 0 && parts[0].equals("apis")) {
      start = 3;
    } else {
      return "";
    }
    if (parts.length <= start) {
      return "";
    }
    if (parts[start].equals("namespaces") && parts.length > start + 2) {
      return parts[start + 2];
    }
    return parts[start];
  }
}
