package dev.dovetail.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A de-duplicating work queue with delayed adds and per-key backoff, in the manner of client-go's
 * rate-limited queue:
 *
 * <ul>
 *   <li>a key is in the queue at most once, however often it is added;
 *   <li>a key being processed is never handed out again until {@link #done}; if it was added
 *       meanwhile it is queued again at {@code done}, so no change is lost;
 *   <li>{@link #addAfter} keeps only the earliest pending time per key;
 *   <li>{@link #addRateLimited} waits the key's next backoff step; {@link #forget} resets it.
 * </ul>
 *
 * @param <K> key type
 */
public final class WorkQueue<K> {
  private final Clock clock;
  private final TaskScheduler scheduler;
  private final ExponentialBackoff<K> backoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private final Condition idle = lock.newCondition();
  private final Deque<K> ready = new ArrayDeque<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Instant> waitingUntil = new HashMap<>();
  private boolean shuttingDown;

  public WorkQueue(Clock clock, TaskScheduler scheduler, ExponentialBackoff<K> backoff) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.backoff = backoff;
  }

  /** Queues {@code key} now unless it is already queued. */
  public void add(K key) {
    lock.lock();
    try {
      if (shuttingDown || dirty.contains(key)) {
        return;
      }
      dirty.add(key);
      if (!processing.contains(key)) {
        ready.addLast(key);
        available.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code key} after {@code delay}, unless an earlier add is already pending. */
  public void addAfter(K key, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      add(key);
      return;
    }
    Instant due = clock.instant().plus(delay);
    lock.lock();
    try {
      if (shuttingDown) {
        return;
      }
      Instant pending = waitingUntil.get(key);
      if (pending != null && !pending.isAfter(due)) {
        return;
      }
      waitingUntil.put(key, due);
    } finally {
      lock.unlock();
    }
    scheduler.schedule(delay, () -> fire(key, due));
  }

  private void fire(K key, Instant due) {
    lock.lock();
    try {
      // A later, superseded timer for the same key does nothing.
      if (!due.equals(waitingUntil.get(key))) {
        return;
      }
      waitingUntil.remove(key);
    } finally {
      lock.unlock();
    }
    add(key);
  }

  /** Queues {@code key} after its next backoff step and returns that delay. */
  public Duration addRateLimited(K key) {
    Duration delay = backoff.next(key);
    addAfter(key, delay);
    return delay;
  }

  /** Resets the backoff of {@code key}. */
  public void forget(K key) {
    backoff.forget(key);
  }

  public int failures(K key) {
    return backoff.failures(key);
  }

  /** The next ready key without waiting, now marked as processing; empty when none is ready. */
  public Optional<K> poll() {
    lock.lock();
    try {
      return Optional.ofNullable(next());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for a ready key, marks it as processing and returns it; empty on
   * timeout or when the queue is shut down.
   */
  public Optional<K> take(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (ready.isEmpty() && !shuttingDown) {
        if (nanos <= 0) {
          return Optional.empty();
        }
        nanos = available.awaitNanos(nanos);
      }
      return Optional.ofNullable(shuttingDown ? null : next());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The smallest ready key by {@code order}, now marked as processing; empty when none is ready.
   * For callers that must not depend on the order keys arrived in (the simulator).
   */
  public Optional<K> pollLeast(java.util.Comparator<? super K> order) {
    lock.lock();
    try {
      K least = null;
      for (K key : ready) {
        if (least == null || order.compare(key, least) < 0) {
          least = key;
        }
      }
      if (least == null) {
        return Optional.empty();
      }
      ready.remove(least);
      dirty.remove(least);
      processing.add(least);
      return Optional.of(least);
    } finally {
      lock.unlock();
    }
  }

  private K next() {
    K key = ready.pollFirst();
    if (key != null) {
      dirty.remove(key);
      processing.add(key);
    }
    return key;
  }

  /** Marks {@code key} as processed; it is queued again if it was added while processing. */
  public void done(K key) {
    lock.lock();
    try {
      processing.remove(key);
      if (processing.isEmpty()) {
        idle.signalAll();
      }
      if (dirty.contains(key) && !shuttingDown) {
        ready.addLast(key);
        available.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keys ready to be processed now. */
  public int readyCount() {
    lock.lock();
    try {
      return ready.size();
    } finally {
      lock.unlock();
    }
  }

  /** Keys waiting for a delayed add. */
  public int waitingCount() {
    lock.lock();
    try {
      return waitingUntil.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean isProcessing(K key) {
    lock.lock();
    try {
      return processing.contains(key);
    } finally {
      lock.unlock();
    }
  }

  /** Stops handing out keys; waiting takers return empty. In-flight keys may still call done. */
  public void shutDown() {
    lock.lock();
    try {
      shuttingDown = true;
      available.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no key is being processed, up to {@code timeout}; true when drained. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (!processing.isEmpty()) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
