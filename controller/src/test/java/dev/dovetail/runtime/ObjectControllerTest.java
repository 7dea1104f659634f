package dev.dovetail.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ObjectControllerTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> reconciled = new ArrayList<>();
  private final Map<String, Result> results = new HashMap<>();

  private final ObjectController<String> controller =
      new ObjectController<>(
          "test.objects",
          key -> {
            reconciled.add(key);
            return results.getOrDefault(key, Result.done());
          },
          2,
          clock,
          scheduler,
          registry);

  @Test
  void doneReconcilesOnce() {
    controller.enqueue("a");

    assertThat(controller.processReady()).isEqualTo(1);
    scheduler.advance(Duration.ofHours(1));
    assertThat(controller.processReady()).isZero();
  }

  @Test
  void requeueAfterComesBackAfterTheDelay() {
    results.put("a", Result.requeueAfter(Duration.ofSeconds(10)));
    controller.enqueue("a");
    controller.processReady();

    scheduler.advance(Duration.ofSeconds(9));
    assertThat(controller.processReady()).isZero();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(controller.processReady()).isEqualTo(1);
  }

  @Test
  void failuresBackOffPerKeyAndSuccessResetsTheBackoff() {
    results.put("a", Result.failed(new IllegalStateException("boom")));
    controller.enqueue("a");
    controller.processReady();

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(controller.processReady()).isEqualTo(1);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(controller.processReady()).as("second retry waits 2 s").isZero();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(controller.processReady()).isEqualTo(1);

    results.put("a", Result.done());
    scheduler.advance(Duration.ofSeconds(4));
    controller.processReady();
    assertThat(controller.queue().failures("a")).isZero();
  }

  @Test
  void anExceptionIsAFailure() {
    ObjectController<String> throwing =
        new ObjectController<>(
            "test.throwing",
            key -> {
              throw new IllegalStateException("boom");
            },
            1,
            clock,
            scheduler,
            registry);
    throwing.enqueue("a");

    throwing.processReady();

    assertThat(throwing.queue().failures("a")).isEqualTo(1);
    assertThat(throwing.queue().waitingCount()).isEqualTo(1);
    assertThat(
            registry
                .get("controller_runtime_reconcile")
                .tags("controller", "test.throwing", "result", "error")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void metricsCountResultsPerController() {
    controller.enqueue("a");
    controller.enqueue("b");
    controller.processReady();

    assertThat(
            registry
                .get("controller_runtime_reconcile")
                .tags("controller", "test.objects", "result", "success")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(registry.get("controller_runtime_reconcile_time").timer().count()).isEqualTo(2);
    System.gc();
    assertThat(
            registry
                .get("controller_runtime_max_concurrent_reconciles")
                .tags("controller", "test.objects")
                .gauge()
                .value())
        .isEqualTo(2);
    assertThat(registry.get("controller_runtime_active_workers").gauge().value()).isZero();
  }

  @Test
  void workersNeverReconcileOneKeyConcurrently() throws Exception {
    Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ObjectController<String> threaded =
        new ObjectController<>(
            "test.threaded",
            key -> {
              if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              seen.add(key);
              firstStarted.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              inFlight.get(key).decrementAndGet();
              return Result.done();
            },
            4,
            clock,
            scheduler,
            registry);
    threaded.start();
    try {
      threaded.enqueue("a");
      assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
      // "a" is being reconciled: adding it again must wait, even with idle workers.
      threaded.enqueue("a");
      threaded.enqueue("a");
      release.countDown();
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
      assertThat(threaded.queue().awaitIdle(Duration.ofSeconds(5))).isTrue();
      assertThat(seen).containsExactly("a", "a");
      assertThat(overlaps).hasValue(0);
    } finally {
      assertThat(threaded.stop(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void stopWaitsForTheReconcileInFlight() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    ObjectController<String> slow =
        new ObjectController<>(
            "test.slow",
            key -> {
              started.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              finished.incrementAndGet();
              return Result.done();
            },
            1,
            clock,
            scheduler,
            registry);
    slow.start();
    slow.enqueue("a");
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

    Thread releaser = Thread.ofPlatform().start(release::countDown);
    boolean clean = slow.stop(Duration.ofSeconds(5));
    releaser.join();

    assertThat(clean).isTrue();
    assertThat(finished).hasValue(1);
  }
}
