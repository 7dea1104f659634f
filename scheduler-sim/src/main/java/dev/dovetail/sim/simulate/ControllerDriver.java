package dev.dovetail.sim.simulate;

import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon's controllers, exactly as the composition root built them, on the simulation's
 * thread instead of their own: per-object controllers reconcile their ready keys when the
 * simulation asks, singleton loops run when their timer (on simulated time) falls due, with the
 * same delays as {@link SingletonLoop} applies. A kind of controller it does not know is started on
 * its own threads, so a new controller still runs (only less deterministically).
 */
final class ControllerDriver {
  private static final Logger LOG = LoggerFactory.getLogger(ControllerDriver.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final List<Controller> controllers;
  private final SimulationClock clock;
  private final List<ObjectController<?>> queues = new ArrayList<>();
  private final List<IntSupplier> drains = new ArrayList<>();
  private final Runnable settle;
  private final List<Controller> threaded = new ArrayList<>();

  /**
   * @param settle waits until the informers have seen every write so far; run after each reconcile
   */
  ControllerDriver(List<Controller> controllers, SimulationClock clock, Runnable settle) {
    this.controllers = List.copyOf(controllers);
    this.clock = clock;
    this.settle = settle;
  }

  void start() {
    for (Controller c : controllers) {
      switch (c) {
        case ObjectController<?> queue -> queues.add(queue);
        case EvictionQueue evictions -> drains.add(evictions::processReady);
        case SingletonLoop loop -> new Loop(loop).schedule(Duration.ZERO);
        default -> {
          LOG.atWarn()
              .addKeyValue("controller", c.name())
              .log("controller kind unknown to the simulation; running it on its own threads");
          c.start();
          threaded.add(c);
        }
      }
    }
  }

  /**
   * Reconciles every ready key of every per-object controller; returns how many ran. One key at a
   * time, the smallest first, with the informers caught up in between: which keys are ready and in
   * what order they arrived depends on the informer threads, what each reconcile reads must not.
   */
  int processReady() {
    int ran = 0;
    boolean any = true;
    while (any) {
      any = false;
      for (ObjectController<?> queue : queues) {
        if (queue.processLeast(BY_NAME)) {
          ran++;
          any = true;
          settle.run();
        }
      }
    }
    for (IntSupplier drain : drains) {
      ran += drain.getAsInt();
      settle.run();
    }
    return ran;
  }

  private static final Comparator<Object> BY_NAME = Comparator.comparing(String::valueOf);

  void stop() {
    threaded.forEach(c -> c.stop(Duration.ofSeconds(2)));
  }

  private final class Loop {
    private final SingletonLoop loop;
    private Duration backoff = FIRST_BACKOFF;
    private Instant lastDone = Instant.MIN;

    Loop(SingletonLoop loop) {
      this.loop = loop;
    }

    void schedule(Duration delay) {
      clock.schedule(delay, this::pass);
    }

    private void pass() {
      Result result = loop.runOnce();
      Duration delay =
          switch (result) {
            case Result.Done d -> {
              backoff = FIRST_BACKOFF;
              // A loop that is done at once twice in one instant waits a second, so simulated
              // time always moves on.
              Duration again =
                  lastDone.equals(clock.instant()) ? Duration.ofSeconds(1) : Duration.ZERO;
              lastDone = clock.instant();
              yield again;
            }
            case Result.RequeueAfter r -> {
              backoff = FIRST_BACKOFF;
              yield r.delay();
            }
            case Result.Failed f -> {
              Duration wait = backoff;
              backoff =
                  backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                      ? MAX_BACKOFF
                      : backoff.multipliedBy(2);
              yield wait;
            }
          };
      schedule(delay);
    }
  }
}
