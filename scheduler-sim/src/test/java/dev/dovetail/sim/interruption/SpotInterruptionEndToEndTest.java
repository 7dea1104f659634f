package dev.dovetail.sim.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.controllers.interruption.InterruptedNodes;
import dev.dovetail.aws.controllers.interruption.InterruptionController;
import dev.dovetail.aws.controllers.interruption.InterruptionHandler;
import dev.dovetail.aws.controllers.interruption.InterruptionMetrics;
import dev.dovetail.aws.controllers.interruption.InterruptionQueue;
import dev.dovetail.aws.controllers.interruption.PollSettings;
import dev.dovetail.aws.controllers.interruption.RebalanceAction;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.node.termination.ApiPodEvictor;
import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.controllers.node.termination.NodeTerminationController;
import dev.dovetail.controllers.provisioner.counter.ProvisionerCounterController;
import dev.dovetail.controllers.provisioning.Batcher;
import dev.dovetail.controllers.provisioning.ProvisioningController;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.SimulatedCloud;
import dev.dovetail.sim.testing.TestControllers;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.sim.workload.WorkloadController;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A spot interruption from the simulated EC2 backend's reclaimed pool to the evicted pods running
 * again, on the embedded API server and a fake clock stepped one second at a time: the real
 * interruption controller reading the simulated SQS queue, the provisioning loop with its batch
 * window, the Machine lifecycle, node termination and eviction, the AWS provider, and the simulated
 * kubelet (20 s boot, 5 s to Ready), kube-scheduler and Deployment controller. It runs Dovetail's
 * order (replacement first, then drain) and upstream's (delete first) and compares them.
 */
@Timeout(180)
class SpotInterruptionEndToEndTest {
  private static final String QUEUE = "my-cluster";
  private static final int REPLICAS = 6;

  private final FakeClock clock = new FakeClock();
  private final ManualScheduler tasks = new ManualScheduler(clock);
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private SimulatedAws aws;
  private AwsProviders providers;
  private CloudProvider cloud;
  private SimulatedKubelet kubelet;
  private SimulatedScheduler kubeScheduler;
  private WorkloadController workloads;
  private MachineLifecycleController lifecycle;
  private NodeTerminationController termination;
  private EvictionQueue evictions;
  private ProvisioningController provisioning;
  private final Batcher batcher = new Batcher(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
  private final ClusterState state = new ClusterState(clock);
  private final Set<String> seenPending = new HashSet<>();
  private final Map<String, Node> knownNodes = new HashMap<>();
  private final Map<String, Machine> knownMachines = new HashMap<>();
  private final Map<String, Pod> knownPods = new HashMap<>();
  private InterruptionController interruption;
  private InterruptedNodes interrupted;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    Demo.registerCrds(client);
    SimulatedCloud simulated = SimulatedCloud.start(client, clock);
    aws = simulated.aws();
    aws.createInterruptionQueue(QUEUE);
    providers = simulated.providers();
    cloud = providers.cloudProvider();
    kubelet = simulated.kubelet(client, clock, SimulatedKubelet.Delays.defaults());
    kubeScheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    workloads = new WorkloadController(client, new Random(7), Duration.ofSeconds(1));
    LifecycleMetrics metrics = new LifecycleMetrics(registry);
    ApiClusterLookup lookup = new ApiClusterLookup(client);
    lifecycle = new MachineLifecycleController(client, cloud, lookup, events, metrics, clock);
    evictions = new EvictionQueue(new ApiPodEvictor(client), events, clock, tasks, registry);
    termination =
        new NodeTerminationController(client, cloud, lookup, evictions, events, metrics, clock);
    provisioning =
        TestControllers.provisioning(
            client, state, cloud, batcher, events, registry, clock, new Random(3));
    client.resource(TestManifests.awsNodeTemplate()).create();
    apply(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
            - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5, c5, r5]}
          limits: {resources: {cpu: "1000"}}
          providerRef: {name: default}
        """,
        Provisioner.class);
    client.resource(TestManifests.deployment("inflate", REPLICAS, "1")).create();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void apply(
      String yaml, Class<T> type) {
    client.resource(Serialization.unmarshal(yaml, type)).create();
  }

  private void interruptionControllers(boolean replaceFirst) {
    InterruptionMetrics metrics = new InterruptionMetrics(registry);
    interrupted =
        new InterruptedNodes(
            client,
            state,
            () ->
                provisioning.provision().created().stream()
                    .map(m -> m.getMetadata().getName())
                    .toList(),
            events,
            clock,
            QUEUE);
    interruption =
        new InterruptionController(
            new InterruptionQueue(
                aws.sqs(), QUEUE, new PollSettings(10, Duration.ofSeconds(20), Duration.ZERO, 10)),
            new InterruptionHandler(
                state,
                providers.unavailableOfferings(),
                interrupted,
                events,
                metrics,
                clock,
                RebalanceAction.NONE,
                replaceFirst),
            metrics,
            clock,
            Runnable::run);
  }

  /** What one run measured, in seconds after the spot warning. */
  record Timeline(
      long replacementMachineCreated,
      long allPodsRunningAgain,
      long nodeGone,
      long podSecondsUnavailable,
      long handlingWallMillis) {}

  @Test
  void replacingBeforeTheDrainBeatsUpstreamsDeleteFirstOrder() {
    Timeline dovetail = run(true);
    stop();
    resetForSecondRun();
    Timeline upstream = run(false);

    System.out.printf(
        "spot interruption, %d pods: replacement Machine created after %d s (Dovetail) vs %d s"
            + " (upstream order); all evicted pods running again after %d s vs %d s;"
            + " interrupted node gone after %d s vs %d s; pod-seconds unavailable %d vs %d;"
            + " interruption pass took %d ms of wall time%n",
        REPLICAS,
        dovetail.replacementMachineCreated(),
        upstream.replacementMachineCreated(),
        dovetail.allPodsRunningAgain(),
        upstream.allPodsRunningAgain(),
        dovetail.nodeGone(),
        upstream.nodeGone(),
        dovetail.podSecondsUnavailable(),
        upstream.podSecondsUnavailable(),
        dovetail.handlingWallMillis());

    assertThat(dovetail.replacementMachineCreated())
        .as("replacement created in the same step as the warning")
        .isZero();
    assertThat(upstream.replacementMachineCreated()).isPositive();
    // Both wait for a node to boot (25 s here); Dovetail's pods keep running on the interrupted
    // node meanwhile instead of waiting pending.
    assertThat(dovetail.allPodsRunningAgain())
        .isLessThanOrEqualTo(upstream.allPodsRunningAgain())
        .isLessThan(SimulatedAws.SPOT_NOTICE.toSeconds());
    assertThat(dovetail.nodeGone())
        .as("drained and gone before EC2 takes the instance")
        .isLessThan(SimulatedAws.SPOT_NOTICE.toSeconds());
    assertThat(dovetail.podSecondsUnavailable())
        .as("each evicted pod is down about one step, not a node boot")
        .isLessThanOrEqualTo(2L * REPLICAS)
        .isLessThan(upstream.podSecondsUnavailable());
  }

  private void resetForSecondRun() {
    seenPending.clear();
    knownNodes.clear();
    knownMachines.clear();
    knownPods.clear();
    registry.clear();
    events.reset();
    // a fresh cluster on a fresh backend for the upstream order
    for (Node n : List.copyOf(state.nodes().stream().flatMap(s -> s.node().stream()).toList())) {
      state.deleteNode(n);
    }
    for (Machine m :
        List.copyOf(state.nodes().stream().flatMap(s -> s.machine().stream()).toList())) {
      state.deleteMachine(m);
    }
    start();
  }

  /** Brings the deployment up, reclaims the busiest node's spot pool, and measures. */
  private Timeline run(boolean replaceFirst) {
    interruptionControllers(replaceFirst);
    for (int s = 0; s < 120 && running() < REPLICAS; s++) {
      round();
    }
    assertThat(running()).as("inflate up before the interruption").isEqualTo(REPLICAS);

    Node victim = busiestNode();
    String victimName = victim.getMetadata().getName();
    Set<String> machinesBefore = machineNames();
    Map<String, String> labels = victim.getMetadata().getLabels();
    List<String> reclaimed =
        aws.reclaimSpot(
            labels.get(WellKnownLabels.INSTANCE_TYPE), labels.get(WellKnownLabels.ZONE));
    assertThat(reclaimed).isNotEmpty();
    Instant warning = clock.instant();

    long wallStart = System.nanoTime();
    interruption.reconcile();
    long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;

    Long created = null;
    Long allRunning = null;
    Long gone = null;
    long unavailable = 0;
    for (int s = 0; s < 180 && (allRunning == null || gone == null); s++) {
      if (created == null && !machineNames().stream().allMatch(machinesBefore::contains)) {
        created = Duration.between(warning, clock.instant()).toSeconds();
      }
      round();
      if (created == null && !machineNames().stream().allMatch(machinesBefore::contains)) {
        created = Duration.between(warning, clock.instant()).toSeconds();
      }
      unavailable += REPLICAS - running();
      if (allRunning == null && running() == REPLICAS && runningOn(victimName) == 0) {
        allRunning = Duration.between(warning, clock.instant()).toSeconds();
      }
      if (gone == null && client.nodes().withName(victimName).get() == null) {
        gone = Duration.between(warning, clock.instant()).toSeconds();
      }
    }
    assertThat(created).as("a replacement Machine was created").isNotNull();
    assertThat(allRunning).as("all pods running again without the victim").isNotNull();
    assertThat(gone).as("the interrupted node removed").isNotNull();
    assertThat(aws.liveInstances().stream().map(i -> i.id()).toList())
        .doesNotContainAnyElementsOf(reclaimed);
    return new Timeline(created, allRunning, gone, unavailable, wallMillis);
  }

  /** One second of the cluster: every component once, then the clock moves on. */
  private void round() {
    workloads.sync();
    kubeScheduler.schedulePending();
    syncState();
    new ProvisionerCounterController(client, state).reconcile("default");
    triggerOnNewPendingPods();
    provisioning.reconcile();
    machineNames().forEach(lifecycle::reconcile);
    nodeNames().forEach(termination::reconcile);
    evictions.processReady();
    kubelet.sync();
    machineNames().forEach(lifecycle::reconcile);
    kubeScheduler.schedulePending();
    kubelet.sync();
    syncState();
    interruption.reconcile();
    interrupted.reconcile();
    tasks.advance(Duration.ofSeconds(1));
  }

  /** The pod trigger: a batch opens or extends when a pod becomes provisionable or a node goes. */
  private void triggerOnNewPendingPods() {
    for (Pod pod : pods()) {
      if (PodPredicates.isProvisionable(pod) && seenPending.add(PodPredicates.key(pod))) {
        batcher.trigger();
      }
    }
    for (Node node : client.nodes().list().getItems()) {
      if (node.getMetadata().getDeletionTimestamp() != null
          && seenPending.add("node/" + node.getMetadata().getName())) {
        batcher.trigger();
      }
    }
  }

  /** Cluster state as the informers keep it: updates for what exists, deletes for what went. */
  private void syncState() {
    sync(client.nodes().list().getItems(), knownNodes, state::updateNode, state::deleteNode);
    sync(
        client.resources(Machine.class).list().getItems(),
        knownMachines,
        state::updateMachine,
        state::deleteMachine);
    sync(
        client.pods().inAnyNamespace().list().getItems(),
        knownPods,
        state::updatePod,
        state::deletePod);
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> void sync(
      List<T> current,
      Map<String, T> known,
      java.util.function.Consumer<T> update,
      java.util.function.Consumer<T> delete) {
    Function<T, String> key = o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    Map<String, T> now = current.stream().collect(Collectors.toMap(key, o -> o));
    known.forEach(
        (k, o) -> {
          if (!now.containsKey(k)) {
            delete.accept(o);
          }
        });
    known.clear();
    known.putAll(now);
    current.forEach(update);
  }

  private List<Pod> pods() {
    return client.pods().inNamespace("default").withLabel("app", "inflate").list().getItems();
  }

  private long running() {
    return pods().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .count();
  }

  private long runningOn(String node) {
    return pods().stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .count();
  }

  private Node busiestNode() {
    Map<String, Long> byNode =
        pods().stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    String name =
        byNode.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    return client.nodes().withName(name).get();
  }

  private Set<String> machineNames() {
    return client.resources(Machine.class).list().getItems().stream()
        .map(m -> m.getMetadata().getName())
        .collect(Collectors.toSet());
  }

  private List<String> nodeNames() {
    return client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
  }
}
