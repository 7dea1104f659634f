package dev.dovetail.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a {@link SingletonReconciler} over and over: at once after {@link Result.Done}, after the
 * delay of {@link Result.RequeueAfter}, and with exponential backoff (1 s → 1 min by default) after
 * failures. Passes never overlap.
 *
 * <p>Tests call {@link #runOnce()} directly, or start the loop with a manual scheduler and a direct
 * executor and step a fake clock.
 */
public final class SingletonLoop implements Controller {
  private static final Logger LOG = LoggerFactory.getLogger(SingletonLoop.class);
  private static final String KEY = "singleton";

  private final String name;
  private final SingletonReconciler reconciler;
  private final Clock clock;
  private final TaskScheduler scheduler;
  private final ExponentialBackoff<String> backoff;
  private final ReconcileMetrics metrics;
  private final Executor runner;
  private final ExecutorService ownedRunner;
  private volatile boolean running;
  private volatile TaskScheduler.Cancellable next;

  /** A loop whose passes run on a thread of its own. */
  public SingletonLoop(
      String name,
      SingletonReconciler reconciler,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry) {
    this(
        name,
        reconciler,
        clock,
        scheduler,
        registry,
        ExponentialBackoff.defaults(),
        Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon(true).factory()),
        true);
  }

  /** A loop whose passes run on {@code runner}, for example the test thread. */
  public SingletonLoop(
      String name,
      SingletonReconciler reconciler,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry,
      ExponentialBackoff<String> backoff,
      Executor runner) {
    this(name, reconciler, clock, scheduler, registry, backoff, runner, false);
  }

  private SingletonLoop(
      String name,
      SingletonReconciler reconciler,
      Clock clock,
      TaskScheduler scheduler,
      MeterRegistry registry,
      ExponentialBackoff<String> backoff,
      Executor runner,
      boolean owned) {
    this.name = name;
    this.reconciler = reconciler;
    this.clock = clock;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.metrics = new ReconcileMetrics(registry, name, 1);
    this.runner = runner;
    this.ownedRunner = owned ? (ExecutorService) runner : null;
  }

  @Override
  public String name() {
    return name;
  }

  /** What each pass runs. */
  public SingletonReconciler reconciler() {
    return reconciler;
  }

  /** Runs one pass on the calling thread and returns its result (backoff is updated). */
  public Result runOnce() {
    Instant start = clock.instant();
    metrics.started();
    Result result;
    try (MDC.MDCCloseable c = MDC.putCloseable("controller", name)) {
      try {
        result = reconciler.reconcile();
        if (result == null) {
          result = Result.failed(new IllegalStateException("reconciler returned no result"));
        }
      } catch (RuntimeException e) {
        result = Result.failed(e);
      }
      if (result instanceof Result.Failed f) {
        LOG.atError()
            .addKeyValue("error", String.valueOf(f.cause().getMessage()))
            .addKeyValue("failures", backoff.failures(KEY) + 1)
            .log("Reconciler error");
      }
    }
    metrics.finished(result, Duration.between(start, clock.instant()));
    return result;
  }

  /** The delay before the pass after one that returned {@code result}. */
  Duration delayAfter(Result result) {
    return switch (result) {
      case Result.Done d -> {
        backoff.forget(KEY);
        yield Duration.ZERO;
      }
      case Result.RequeueAfter r -> {
        backoff.forget(KEY);
        yield r.delay();
      }
      case Result.Failed f -> backoff.next(KEY);
    };
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    schedule(Duration.ZERO);
  }

  private void schedule(Duration delay) {
    if (!running) {
      return;
    }
    next = scheduler.schedule(delay, () -> runner.execute(this::pass));
  }

  private void pass() {
    if (!running) {
      return;
    }
    Result result = runOnce();
    schedule(delayAfter(result));
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public synchronized boolean stop(Duration grace) {
    running = false;
    TaskScheduler.Cancellable pending = next;
    if (pending != null) {
      pending.cancel();
    }
    if (ownedRunner == null) {
      return true;
    }
    ownedRunner.shutdown();
    try {
      boolean finished = ownedRunner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        ownedRunner.shutdownNow();
      }
      return finished;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ownedRunner.shutdownNow();
      return false;
    }
  }
}
