package dev.dovetail.aws.instance;

import dev.dovetail.runtime.TaskScheduler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetInstance;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Merges identical CreateFleet requests (equal apart from the ClientToken and the per-machine tag)
 * that arrive within a short window into one call with {@code TotalTargetCapacity = N}, and hands
 * one instance back to each caller (tagging it with the caller's machine name). A caller left
 * without an instance gets the fleet's errors. A batch of one is sent unchanged.
 */
public final class CreateFleetBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(CreateFleetBatcher.class);

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

  private void execute(Batch batch) {
    int n = batch.requests.size();
    if (n == 1) {
      complete(batch, () -> List.of(ec2.createFleet(batch.requests.get(0))));
      return;
    }
    complete(
        batch,
        () -> {
          CreateFleetRequest first = batch.requests.get(0);
          CreateFleetRequest merged =
              withoutMachineTag(first).toBuilder()
                  .clientToken(mergedToken(batch.requests))
                  .targetCapacitySpecification(
                      first.targetCapacitySpecification().toBuilder()
                          .totalTargetCapacity(n)
                          .build())
                  .build();
          CreateFleetResponse response = ec2.createFleet(merged);
          record Launched(CreateFleetInstance fleetInstance, String id) {}
          List<Launched> launched = new ArrayList<>();
          for (CreateFleetInstance i : response.instances()) {
            for (String id : i.instanceIds()) {
              launched.add(new Launched(i, id));
            }
          }
          List<CreateFleetResponse> out = new ArrayList<>();
          for (int k = 0; k < batch.requests.size(); k++) {
            if (k >= launched.size()) {
              out.add(response.toBuilder().instances(List.of()).build());
              continue;
            }
            Launched mine = launched.get(k);
            machineTag(batch.requests.get(k)).ifPresent(t -> tagBestEffort(mine.id(), t));
            out.add(
                response.toBuilder()
                    .instances(mine.fleetInstance().toBuilder().instanceIds(mine.id()).build())
                    .build());
          }
          return out;
        });
  }

  /**
   * Tags one merged-launch instance with its machine. A failure must not fail the batch: the
   * instance is still handed to its caller, whose Machine records the provider id, so nothing is
   * orphaned; only the tag-based lookup of a later retry would miss it.
   */
  private void tagBestEffort(String instanceId, Tag tag) {
    try {
      ec2.createTags(CreateTagsRequest.builder().resources(instanceId).tags(tag).build());
    } catch (RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("id", instanceId)
          .addKeyValue("error", e.getMessage())
          .log("tagging instance with its machine failed");
    }
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

  private static java.util.Optional<Tag> machineTag(CreateFleetRequest r) {
    return r.tagSpecifications().stream()
        .flatMap(ts -> ts.tags().stream())
        .filter(t -> t.key().equals(InstanceProvider.MACHINE_TAG))
        .findFirst();
  }

  private static CreateFleetRequest withoutMachineTag(CreateFleetRequest r) {
    List<TagSpecification> specs =
        r.tagSpecifications().stream()
            .map(
                ts ->
                    ts.toBuilder()
                        .tags(
                            ts.tags().stream()
                                .filter(t -> !t.key().equals(InstanceProvider.MACHINE_TAG))
                                .toList())
                        .build())
            .toList();
    return r.toBuilder().tagSpecifications(specs).build();
  }

  /** Requests that differ only in ClientToken and machine tag share a key. */
  static String key(CreateFleetRequest r) {
    return withoutMachineTag(r).toBuilder().clientToken(null).build().toString();
  }

  private static String mergedToken(List<CreateFleetRequest> requests) {
    String joined =
        String.join(",", requests.stream().map(CreateFleetRequest::clientToken).sorted().toList());
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return "dovetail-batch-" + HexFormat.of().formatHex(d).substring(0, 44);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
