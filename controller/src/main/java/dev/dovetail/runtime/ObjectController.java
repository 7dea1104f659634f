package dev.dovetail.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Reconciles objects one key at a time from a {@link WorkQueue}: informer handlers call {@link
 * #enqueue}, {@code workers} threads call the {@link Reconciler}, and the returned {@link Result}
 * decides whether and when the key comes back (failures back off per key, 1 s → 1 min by default).
 *
 * <p>Tests do not start threads: they call {@link #processNext()} or {@link #processReady()} on
 * their own thread and step a fake clock for delayed keys.
 *
 * @param <K> key type
 */
public final class ObjectController<K> implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectController.class);
  private static final int SETTLE_LIMIT = 100_000;

  private final String name;
  private final Reconciler<K> reconciler;
  private final WorkQueue<K> queue;
  private final int workers;
  private final Clock clock;
  private final ReconcileMetrics metrics;
  private volatile boolean running;
  private ExecutorService executor;

  public ObjectController(
      String name,
      Reconciler<K> reconciler,
      int workers,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry) {
    this(name, reconciler, workers, clock, scheduler, registry, ExponentialBackoff.defaults());
  }

  public ObjectController(
      String name,
      Reconciler<K> reconciler,
      int workers,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry,
      ExponentialBackoff<K> backoff) {
    if (workers < 1) {
      throw new IllegalArgumentException(name + ": workers must be at least 1, got " + workers);
    }
    this.name = name;
    this.reconciler = reconciler;
    this.workers = workers;
    this.clock = clock;
    this.queue = new WorkQueue<>(clock, scheduler, backoff);
    this.metrics = new ReconcileMetrics(registry, name, workers);
  }

  @Override
  public String name() {
    return name;
  }

  public void enqueue(K key) {
    queue.add(key);
  }

  public void enqueueAfter(K key, Duration delay) {
    queue.addAfter(key, delay);
  }

  public WorkQueue<K> queue() {
    return queue;
  }

  /** Reconciles the next ready key on the calling thread; false when none is ready. */
  public boolean processNext() {
    Optional<K> key = queue.poll();
    key.ifPresent(this::process);
    return key.isPresent();
  }

  /**
   * Reconciles the smallest ready key by {@code order} on the calling thread; false when none is
   * ready. Lets a caller drive reconciles in an order that does not depend on thread timing.
   */
  public boolean processLeast(java.util.Comparator<? super K> order) {
    Optional<K> key = queue.pollLeast(order);
    key.ifPresent(this::process);
    return key.isPresent();
  }

  /**
   * Reconciles ready keys on the calling thread until none is ready (keys requeued with a delay
   * wait for the clock); returns how many reconciles ran.
   */
  public int processReady() {
    int count = 0;
    while (processNext()) {
      if (++count > SETTLE_LIMIT) {
        throw new IllegalStateException(
            name + ": keys keep coming back without delay; a reconciler requeues itself at once");
      }
    }
    return count;
  }

  private void process(K key) {
    Instant start = clock.instant();
    metrics.started();
    Result result;
    try (MDC.MDCCloseable c = MDC.putCloseable("controller", name)) {
      try {
        result = reconciler.reconcile(key);
        if (result == null) {
          result = Result.failed(new IllegalStateException("reconciler returned no result"));
        }
      } catch (RuntimeException e) {
        result = Result.failed(e);
      }
      switch (result) {
        case Result.Done d -> queue.forget(key);
        case Result.RequeueAfter r -> {
          queue.forget(key);
          queue.addAfter(key, r.delay());
        }
        case Result.Failed f -> {
          Duration delay = queue.addRateLimited(key);
          LOG.atError()
              .addKeyValue("key", String.valueOf(key))
              .addKeyValue("retry-in", delay.toString())
              .addKeyValue("error", String.valueOf(f.cause().getMessage()))
              .log("Reconciler error");
        }
      }
    } finally {
      queue.done(key);
    }
    metrics.finished(result, Duration.between(start, clock.instant()));
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    executor =
        Executors.newFixedThreadPool(
            workers, Thread.ofPlatform().name(name + "-worker-", 0).daemon(true).factory());
    for (int i = 0; i < workers; i++) {
      executor.execute(this::work);
    }
  }

  private void work() {
    while (running) {
      try {
        queue.take(Duration.ofSeconds(1)).ifPresent(this::process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public synchronized boolean stop(Duration grace) {
    running = false;
    queue.shutDown();
    if (executor == null) {
      return true;
    }
    executor.shutdown();
    try {
      boolean finished = executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        executor.shutdownNow();
      }
      return finished;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
      return false;
    }
  }
}
