package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.kube.CrudMockServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * One cluster with a Dovetail-launched spot node, the interruption controllers over a simulated SQS
 * queue, on a fake clock. The provisioning pass is a stand-in that creates one replacement Machine
 * per call (or fails, when told to), so tests see exactly what was asked of it.
 */
final class InterruptionFixture implements AutoCloseable {
  static final String QUEUE = "my-cluster";
  static final String OURS = "i-0123456789abcdef0";
  static final String OTHER = "i-0fffffffffffffff0";
  static final String TYPE = "m5.large";
  static final String ZONE = "us-west-2a";

  final FakeClock clock = new FakeClock();
  final CrudMockServer kube = new CrudMockServer();
  final SimulatedAws aws = SimulatedAws.builtIn("us-west-2", clock);
  final ClusterState state = new ClusterState(clock);
  final UnavailableOfferings unavailable = new UnavailableOfferings(clock);
  final RecordingEventRecorder events = new RecordingEventRecorder();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<String> replacements = new ArrayList<>();
  int failingPasses;
  InterruptedNodes nodes;
  SqsClient sqs;
  InterruptionController controller;

  /** Five seconds after the events in the test resources happened. */
  static final java.time.Instant NOW = java.time.Instant.parse("2026-11-22T10:00:05Z");

  InterruptionFixture() {
    clock.set(NOW);
    aws.createInterruptionQueue(QUEUE);
  }

  /** Builds the controllers (handlers on {@code workers}) over the simulated queue. */
  InterruptionFixture start(boolean replaceFirst, RebalanceAction rebalance, Executor workers) {
    return start(
        replaceFirst,
        rebalance,
        workers,
        aws.sqs(),
        new PollSettings(10, Duration.ofSeconds(20), Duration.ZERO, 10));
  }

  /** Builds the controllers over any SQS endpoint. */
  InterruptionFixture start(
      boolean replaceFirst,
      RebalanceAction rebalance,
      Executor workers,
      SqsClient sqs,
      PollSettings poll) {
    this.sqs = sqs;
    InterruptionMetrics metrics = new InterruptionMetrics(registry);
    Supplier<List<String>> provisionNow =
        () -> {
          if (failingPasses > 0) {
            failingPasses--;
            throw new IllegalStateException("provisioning pass failed");
          }
          Machine replacement =
              TestMachines.machine("default").name("replacement-" + replacements.size()).build();
          replacement = kube.client().resource(replacement).create();
          state.updateMachine(replacement);
          replacements.add(replacement.getMetadata().getName());
          return List.of(replacement.getMetadata().getName());
        };
    nodes = new InterruptedNodes(kube.client(), state, provisionNow, events, clock, QUEUE);
    InterruptionHandler handler =
        new InterruptionHandler(
            state, unavailable, nodes, events, metrics, clock, rebalance, replaceFirst);
    controller =
        new InterruptionController(
            new InterruptionQueue(sqs, QUEUE, poll), handler, metrics, clock, workers);
    return this;
  }

  /** A spot Machine and its registered Node for {@code instanceId}. */
  Machine ownedNode(String instanceId) {
    String providerId = "aws:///" + ZONE + "/" + instanceId;
    Map<String, String> labels =
        Map.of(
            WellKnownLabels.PROVISIONER_NAME, "default",
            WellKnownLabels.INSTANCE_TYPE, TYPE,
            WellKnownLabels.ZONE, ZONE,
            WellKnownLabels.CAPACITY_TYPE, "spot",
            WellKnownLabels.INITIALIZED, "true");
    Machine machine = TestMachines.machine("default").name("default-" + instanceId).build();
    machine.getMetadata().setLabels(labels);
    machine.setStatus(new MachineStatus(providerId, null, null, "node-" + instanceId, null));
    machine = kube.client().resource(machine).create();
    if (machine.getStatus() == null) {
      machine.setStatus(new MachineStatus(providerId, null, null, "node-" + instanceId, null));
    }
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName("node-" + instanceId)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withProviderID(providerId)
            .endSpec()
            .build();
    node = kube.client().resource(node).create();
    state.updateMachine(machine);
    state.updateNode(node);
    return machine;
  }

  /** The replacement's Node registered and initialized. */
  void initialize(String machineName) {
    Machine machine = kube.client().resources(Machine.class).withName(machineName).get();
    String providerId = "aws:///" + ZONE + "/i-0aaaaaaaaaaaaaaa" + machineName.length();
    machine.setStatus(new MachineStatus(providerId, null, null, "node-" + machineName, null));
    state.updateMachine(machine);
    state.updateNode(
        new NodeBuilder()
            .withNewMetadata()
            .withName("node-" + machineName)
            .withLabels(Map.of(WellKnownLabels.INITIALIZED, "true"))
            .endMetadata()
            .withNewSpec()
            .withProviderID(providerId)
            .endSpec()
            .build());
  }

  /** Cluster state learns what the API server holds now (as the informers would). */
  void syncMachines() {
    for (var n : state.nodes()) {
      n.machine()
          .ifPresent(
              m -> {
                Machine current =
                    kube.client()
                        .resources(Machine.class)
                        .withName(m.getMetadata().getName())
                        .get();
                if (current == null) {
                  state.deleteMachine(m);
                }
              });
    }
  }

  boolean machineExists(String name) {
    return kube.client().resources(Machine.class).withName(name).get() != null;
  }

  void send(String body) {
    String url = sqs.getQueueUrl(GetQueueUrlRequest.builder().queueName(QUEUE).build()).queueUrl();
    sqs.sendMessage(SendMessageRequest.builder().queueUrl(url).messageBody(body).build());
  }

  int queued() {
    return aws.sqs().size(QUEUE);
  }

  static String resource(String path) {
    try (InputStream in = InterruptionFixture.class.getResourceAsStream("/interruption/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid message of {@code kind} about {@code instanceId}. */
  static String valid(String file, String instanceId) {
    return resource("valid/" + file).replace(OURS, instanceId);
  }

  double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  double received() {
    return registry.find(InterruptionMetrics.RECEIVED).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  @Override
  public void close() {
    kube.close();
  }
}
