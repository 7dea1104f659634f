package dev.dovetail.aws.instance;

import dev.dovetail.runtime.TaskScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;

/**
 * Collects the CreateFleet requests that arrive within upstream's short window and sends each
 * distinct request once. Requests equal apart from the ClientToken (concurrent launches for the
 * same Machine, whose name is in the request's tags) become one call whose answer every caller
 * gets, so a Machine never gets two instances from one window. Requests for different Machines
 * differ in their machine-name tag and are sent separately: the tag is always set by the
 * CreateFleet call itself, never by a later CreateTags that could fail and leave an instance
 * untagged.
 */
public final class CreateFleetBatcher {
  /** Upstream's window: 35 ms without a new request, 1 s at most. */
  public static final Duration IDLE = Duration.ofMillis(35);

  public static final Duration MAX = Duration.ofSeconds(1);
  private static final int MAX_ITEMS = 1000;

  private final class Batch {
    final String key;
    final List<CreateFleetRequest> requests = new ArrayList<>();
    final List<CompletableFuture<CreateFleetResponse>> futures = new ArrayList<>();
    TaskScheduler.Cancellable cancelIdle = () -> {};
    TaskScheduler.Cancellable cancelMax = () -> {};
    boolean flushed;

    Batch(String key) {
      this.key = key;
    }
  }

  private final Ec2Client ec2;
  private final TaskScheduler timer;
  private final Map<String, Batch> open = new HashMap<>();

  public CreateFleetBatcher(Ec2Client ec2, TaskScheduler timer) {
    this.ec2 = ec2;
    this.timer = timer;
  }

  /** Number of requests waiting in open batches (for tests and metrics). */
  public synchronized int pending() {
    return open.values().stream().mapToInt(b -> b.requests.size()).sum();
  }

  /**
   * Sends the request, possibly merged with identical ones.
   *
   * @throws software.amazon.awssdk.services.ec2.model.Ec2Exception as the merged call threw it
   */
  public CreateFleetResponse createFleet(CreateFleetRequest request) {
    CompletableFuture<CreateFleetResponse> future = new CompletableFuture<>();
    synchronized (this) {
      String key = key(request);
      Batch batch = open.computeIfAbsent(key, Batch::new);
      batch.requests.add(request);
      batch.futures.add(future);
      batch.cancelIdle.cancel();
      if (batch.requests.size() >= MAX_ITEMS) {
        open.remove(key);
        batch.cancelMax.cancel();
        batch.flushed = true;
        runLater(batch);
      } else {
        batch.cancelIdle = timer.schedule(IDLE, () -> flush(batch));
        if (batch.requests.size() == 1) {
          batch.cancelMax = timer.schedule(MAX, () -> flush(batch));
        }
      }
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for CreateFleet", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void runLater(Batch batch) {
    timer.schedule(Duration.ZERO, () -> execute(batch));
  }

  private void flush(Batch batch) {
    synchronized (this) {
      if (batch.flushed) {
        return;
      }
      batch.flushed = true;
      open.remove(batch.key);
      batch.cancelIdle.cancel();
      batch.cancelMax.cancel();
    }
    execute(batch);
  }

  /**
   * Sends one CreateFleet for the batch. Requests only share a batch when they are equal apart from
   * the ClientToken, and each carries its machine-name tag in its own TagSpecifications, so a batch
   * holds concurrent launches for one Machine: one instance is launched and every caller gets it.
   */
  private void execute(Batch batch) {
    complete(batch, () -> List.of(ec2.createFleet(batch.requests.get(0))));
  }

  private interface Call {
    List<CreateFleetResponse> run();
  }

  private static void complete(Batch batch, Call call) {
    try {
      List<CreateFleetResponse> responses = call.run();
      for (int i = 0; i < batch.futures.size(); i++) {
        batch.futures.get(i).complete(responses.get(Math.min(i, responses.size() - 1)));
      }
    } catch (RuntimeException e) {
      batch.futures.forEach(f -> f.completeExceptionally(e));
    }
  }

  /**
   * Requests that differ only in ClientToken share a key. The machine-name tag is part of the key:
   * launches for different Machines are never merged, so every instance is tagged at launch.
   */
  static String key(CreateFleetRequest r) {
    return r.toBuilder().clientToken(null).build().toString();
  }
}
