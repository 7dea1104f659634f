package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.controllers.Conflicts;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.controllers.provisioning.MachineFactory;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.scheduling.PlannedNode;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes commands as upstream does (cordon, replace, wait, delete), one step per call so that
 * nothing blocks and a restarted controller resumes from what the cluster shows: cordon the
 * candidates and write the {@link CommandRecord} on them; create the replacement Machines; once
 * every replacement is initialized, delete the candidate Machines (their finalizers drain and
 * terminate through the termination path) and wait until they are gone. A replacement that vanishes
 * (insufficient capacity) or does not initialize in time un-cordons the candidates and drops the
 * command.
 */
final class Orchestrator {
  /** How often a running command is looked at (upstream backs off 2 s → 10 s). */
  static final Duration POLL = Duration.ofSeconds(2);

  /** How long replacements may take to initialize (upstream: 60 attempts, about 9.5 min). */
  static final Duration READINESS_TIMEOUT = Duration.ofMinutes(10);

  /**
   * How long the loop waits for deleted candidates to be gone before it lets go of the command
   * (upstream gives up after the same retry policy as for readiness); their termination goes on.
   */
  static final Duration DELETION_TIMEOUT = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger("controller.deprovisioning");

  private final KubernetesClient client;
  private final ClusterState state;
  private final EventRecorder events;
  private final DeprovisioningMetrics metrics;
  private final LifecycleMetrics lifecycleMetrics;
  private final MachineFactory machines;
  private final Random random;
  private final Clock clock;

  Orchestrator(
      KubernetesClient client,
      ClusterState state,
      EventRecorder events,
      DeprovisioningMetrics metrics,
      LifecycleMetrics lifecycleMetrics,
      Random random,
      Clock clock) {
    this.client = client;
    this.state = state;
    this.events = events;
    this.metrics = metrics;
    this.lifecycleMetrics = lifecycleMetrics;
    this.machines = new MachineFactory(random);
    this.random = random;
    this.clock = clock;
  }

  /** Starts {@code command}: cordon and record, launch replacements, or delete at once. */
  void start(Command command, Map<String, Provisioner> pools) {
    Instant now = clock.instant();
    List<Machine> replacements = new ArrayList<>();
    for (PlannedNode planned : command.replacements()) {
      Provisioner provisioner = pools.get(planned.nodePool());
      if (provisioner == null) {
        provisioner = command.candidates().get(0).provisioner();
      }
      replacements.add(machines.machine(provisioner, planned, podsOf(command, planned)));
    }
    CommandRecord record =
        new CommandRecord(
            Long.toHexString(random.nextLong()),
            command.method().reasonName(),
            command.reason(),
            command.candidates().stream().map(CandidateNode::machineName).toList(),
            replacements.stream().map(m -> m.getMetadata().getName()).toList(),
            MachineConditions.format(now),
            command.beforePerHour(),
            command.afterPerHour());
    LOG.atInfo().log(command.describe());
    for (CandidateNode c : command.candidates()) {
      cordon(c.name(), record);
    }
    for (Machine m : replacements) {
      try {
        Machine created = client.resource(m).create();
        state.updateMachine(created);
        lifecycleMetrics.machineCreated(
            command.reason(), created.getMetadata().getLabels().get(Keys.PROVISIONER_NAME));
        events.publish(DeprovisioningEvents.launching(created, command.reason()));
        LOG.atInfo()
            .addKeyValue(
                "provisioner", created.getMetadata().getLabels().get(Keys.PROVISIONER_NAME))
            .addKeyValue("machine", created.getMetadata().getName())
            .addKeyValue(
                "instance-types",
                String.join(
                    ", ",
                    MachineFactory.instanceTypes(
                        command.replacements().get(replacements.indexOf(m)))))
            .log("created machine");
      } catch (KubernetesClientException e) {
        // The next step sees the replacement missing and rolls the command back.
        LOG.atError()
            .addKeyValue("machine", m.getMetadata().getName())
            .log("creating replacement machine, " + e.getMessage());
      }
    }
    state.markForDeletion(command.candidates().stream().map(c -> c.state().key()).toList());
    if (replacements.isEmpty()) {
      deleteCandidates(record, now);
    }
  }

  private static List<Pod> podsOf(Command command, PlannedNode planned) {
    Map<String, Pod> byKey = new HashMap<>();
    for (CandidateNode c : command.candidates()) {
      c.pods().forEach(p -> byKey.put(PodPredicates.key(p), p));
    }
    return planned.pods().stream().map(byKey::get).filter(p -> p != null).toList();
  }

  /**
   * Moves every running command one step.
   *
   * @return when to look again, or empty when no command is running
   */
  Optional<Duration> advance() {
    Map<String, CommandRecord> records = new LinkedHashMap<>();
    Map<String, List<StateNode>> nodes = new LinkedHashMap<>();
    for (StateNode n : state.nodes()) {
      if (n.node().isEmpty()) {
        continue;
      }
      Optional<CommandRecord> r = CommandRecord.of(n.node().get());
      if (r.isPresent()) {
        records.putIfAbsent(r.get().id(), r.get());
        nodes.computeIfAbsent(r.get().id(), k -> new ArrayList<>()).add(n);
      } else if (CommandRecord.isMarked(n)) {
        LOG.atError()
            .addKeyValue("node", n.node().get().getMetadata().getName())
            .log("unreadable " + CommandRecord.ANNOTATION + " annotation, un-cordoning");
        uncordon(n.node().get().getMetadata().getName());
      }
    }
    if (records.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    for (var e : records.entrySet()) {
      List<StateNode> candidates = nodes.get(e.getKey());
      state.markForDeletion(candidates.stream().map(StateNode::key).toList());
      step(e.getValue(), candidates, now);
    }
    return Optional.of(POLL);
  }

  private void step(CommandRecord record, List<StateNode> candidateNodes, Instant now) {
    List<Machine> candidates = new ArrayList<>();
    boolean deleting = false;
    for (String name : record.candidates()) {
      Machine m = client.resources(Machine.class).withName(name).get();
      if (m == null || m.getMetadata().getDeletionTimestamp() != null) {
        deleting = true;
      }
      if (m != null) {
        candidates.add(m);
      }
    }
    if (deleting) {
      // Past the point of no return: finish deleting and wait until the candidates are gone.
      deleteCandidates(record, now);
      Optional<Instant> since = deletingSince(candidates, candidateNodes);
      if (since.isPresent() && now.isAfter(since.get().plus(DELETION_TIMEOUT))) {
        LOG.atError()
            .addKeyValue("reason", record.reason())
            .log(
                "timed out waiting for "
                    + record.candidates().size()
                    + " candidate machine(s) to be deleted, continuing deprovisioning while their"
                    + " termination goes on");
        for (StateNode n : candidateNodes) {
          setCommand(n.node().get().getMetadata().getName(), null, null);
        }
        return;
      }
      candidateNodes.forEach(
          n -> events.publish(DeprovisioningEvents.waitingOnDeletion(n.node().get())));
      return;
    }
    boolean allInitialized = true;
    for (String name : record.replacements()) {
      Machine r = client.resources(Machine.class).withName(name).get();
      if (r == null || r.getMetadata().getDeletionTimestamp() != null) {
        rollback(record, candidateNodes, "replacement machine " + name + " failed to launch");
        return;
      }
      if (!MachineConditions.isTrue(r.getStatus(), Keys.MACHINE_INITIALIZED)) {
        allInitialized = false;
        events.publish(DeprovisioningEvents.waitingOnReadiness(r));
      }
    }
    if (allInitialized) {
      deleteCandidates(record, now);
      return;
    }
    if (now.isAfter(Instant.parse(record.started()).plus(READINESS_TIMEOUT))) {
      rollback(record, candidateNodes, "timed out waiting for replacement machines to initialize");
    }
  }

  /** When the first candidate Machine or Node was deleted, as the API server recorded it. */
  private static Optional<Instant> deletingSince(
      List<Machine> machines, List<StateNode> candidateNodes) {
    List<String> stamps = new ArrayList<>();
    machines.forEach(m -> stamps.add(m.getMetadata().getDeletionTimestamp()));
    candidateNodes.forEach(
        n -> n.node().ifPresent(node -> stamps.add(node.getMetadata().getDeletionTimestamp())));
    return stamps.stream().filter(t -> t != null).map(Instant::parse).min(Instant::compareTo);
  }

  private void deleteCandidates(CommandRecord record, Instant now) {
    boolean first = false;
    for (String name : record.candidates()) {
      Machine m = client.resources(Machine.class).withName(name).get();
      if (m == null || m.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      first = true;
      String nodeName = m.getStatus() == null ? null : m.getStatus().nodeName();
      Node node = nodeName == null ? null : client.nodes().withName(nodeName).get();
      String worth = Money.change(record.before(), record.after());
      if (node != null) {
        events.publish(DeprovisioningEvents.terminating(node, record.reason(), worth));
      }
      events.publish(DeprovisioningEvents.terminating(m, record.reason(), worth));
      client.resources(Machine.class).withName(name).delete();
    }
    if (first && !record.candidates().isEmpty()) {
      String action = record.replacements().isEmpty() ? "delete" : "replace";
      metrics.actionPerformed(action, record.deprovisioner());
      metrics.saved(record.deprovisioner(), record.before() - record.after());
      if (!record.replacements().isEmpty()) {
        metrics.replacementInitialized(Duration.between(Instant.parse(record.started()), now));
      }
    }
  }

  private void rollback(CommandRecord record, List<StateNode> candidateNodes, String why) {
    LOG.atError()
        .addKeyValue("reason", record.reason())
        .log(
            why
                + ", un-cordoning "
                + record.candidates().size()
                + " candidate machine(s) and dropping the command");
    metrics.launchFailed(record.deprovisioner());
    for (StateNode n : candidateNodes) {
      uncordon(n.node().get().getMetadata().getName());
    }
    state.unmarkForDeletion(candidateNodes.stream().map(StateNode::key).toList());
  }

  private void cordon(String nodeName, CommandRecord record) {
    setCommand(nodeName, record.toJson());
    LOG.atInfo().addKeyValue("node", nodeName).log("cordoned node");
  }

  private void uncordon(String nodeName) {
    try {
      setCommand(nodeName, null);
      LOG.atInfo().addKeyValue("node", nodeName).log("un-cordoned node");
    } catch (KubernetesClientException e) {
      LOG.atError().addKeyValue("node", nodeName).log("un-cordoning node, " + e.getMessage());
    }
  }

  /** Writes the record and cordons, or with {@code record} null removes it and un-cordons. */
  private void setCommand(String nodeName, String record) {
    setCommand(nodeName, record, record != null);
  }

  /**
   * Writes or (with {@code record} null) removes the record; sets the cordon to {@code
   * unschedulable} unless that is null.
   */
  private void setCommand(String nodeName, String record, Boolean unschedulable) {
    Node updated;
    try {
      updated = editCommand(nodeName, record, unschedulable);
    } catch (KubernetesClientException e) {
      if (record == null && Conflicts.isNotFound(e)) {
        return; // the node is gone, and its record with it
      }
      throw e;
    }
    state.updateNode(updated);
  }

  private Node editCommand(String nodeName, String record, Boolean unschedulable) {
    return client
        .nodes()
        .withName(nodeName)
        .edit(
            n -> {
              var annotations =
                  n.getMetadata().getAnnotations() == null
                      ? new HashMap<String, String>()
                      : new HashMap<>(n.getMetadata().getAnnotations());
              if (record == null) {
                annotations.remove(CommandRecord.ANNOTATION);
              } else {
                annotations.put(CommandRecord.ANNOTATION, record);
              }
              n.getMetadata().setAnnotations(annotations);
              if (unschedulable != null) {
                n.getSpec().setUnschedulable(unschedulable);
              }
              return n;
            });
  }
}
