package dev.dovetail.sim.deprovisioning;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.deprovisioning.DeprovisioningController;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.node.termination.ApiPodEvictor;
import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.controllers.node.termination.NodeTerminationController;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
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
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A cluster for deprovisioning scenarios on the embedded API server: workload controller,
 * kube-scheduler and kubelet simulators, the AWS provider on the simulated backend, and the
 * provisioning, Machine lifecycle, node termination and deprovisioning controllers, all called
 * directly in {@link #round()} on a fake clock. {@link #restartDeprovisioner()} stands for a
 * controller crash: a new instance with no memory over the same cluster.
 */
final class DeprovisioningCluster implements AutoCloseable {
  static final Duration ROUND = Duration.ofSeconds(5);

  final FakeClock clock = new FakeClock();
  final RecordingEventRecorder events = new RecordingEventRecorder();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ManualScheduler tasks = new ManualScheduler(clock);
  final Random random = new Random(7);
  final EmbeddedKubeApi api;
  final KubernetesClient client;
  final SimulatedAws aws;
  final CloudProvider cloud;
  final ClusterState state = new ClusterState(clock);
  private final SimulatedKubelet kubelet;
  private final SimulatedScheduler scheduler;
  private final WorkloadController workloads;
  private final MachineLifecycleController lifecycle;
  private final NodeTerminationController termination;
  private final EvictionQueue evictions;
  private final Map<String, Pod> knownPods = new HashMap<>();
  private DeprovisioningController.Settings settings = DeprovisioningController.Settings.DEFAULT;
  DeprovisioningController deprovisioner;

  DeprovisioningCluster() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
    Demo.registerCrds(client);
    SimulatedCloud simulated = SimulatedCloud.start(client, clock);
    aws = simulated.aws();
    cloud = simulated.cloudProvider();
    kubelet =
        simulated.kubelet(
            client,
            clock,
            new SimulatedKubelet.Delays(Duration.ofSeconds(10), Duration.ofSeconds(5)));
    scheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    workloads = new WorkloadController(client, random, Duration.ofSeconds(1));
    LifecycleMetrics metrics = new LifecycleMetrics(registry);
    ApiClusterLookup lookup = new ApiClusterLookup(client);
    lifecycle = new MachineLifecycleController(client, cloud, lookup, events, metrics, clock);
    evictions = new EvictionQueue(new ApiPodEvictor(client), events, clock, tasks, registry);
    termination =
        new NodeTerminationController(client, cloud, lookup, evictions, events, metrics, clock);
    client.resource(TestManifests.awsNodeTemplate()).create();
    restartDeprovisioner();
  }

  void settings(DeprovisioningController.Settings newSettings) {
    settings = newSettings;
    restartDeprovisioner();
  }

  /** A fresh deprovisioner, as after a crash or a leader change. */
  void restartDeprovisioner() {
    deprovisioner =
        new DeprovisioningController(
            client,
            ClusterReads.of(client),
            state,
            () -> true,
            new SnapshotBuilder(cloud, AwsConventions.DEFAULTS::apply)
                .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels()),
            DeprovisioningController.pdbsOf(client),
            cloud,
            events,
            registry,
            clock,
            random,
            settings);
  }

  /** A Provisioner from YAML, with {@code providerRef: default} added. */
  Provisioner provisioner(String yaml) {
    Provisioner p = Serialization.unmarshal(yaml, Provisioner.class);
    return client.resource(p).create();
  }

  /** A Provisioner {@code default} of c5.large nodes, with extra spec lines. */
  Provisioner c5Provisioner(String extra) {
    return provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          providerRef: {name: default}
          requirements:
            - {key: node.kubernetes.io/instance-type, operator: In, values: [c5.large]}
        %s
        """
            .formatted(extra));
  }

  /** A PodDisruptionBudget {@code app} keeping {@code minAvailable} pods labelled app=app. */
  void pdb(String app, int minAvailable) {
    client
        .resource(
            new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(app)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .withNewMinAvailable(minAvailable)
                .endSpec()
                .build())
        .create();
  }

  /** The A.3 Provisioner, with extra spec lines. */
  Provisioner a3Provisioner(String extra) {
    return provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          consolidation: {enabled: true}
          labels: {type: karpenter}
          limits: {resources: {cpu: 1000, memory: 1000Gi}}
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            - {key: node.kubernetes.io/instance-type, operator: In, values: [c5.large, m5.large, m5.xlarge]}
        %s
        """
            .formatted(extra));
  }

  void deployment(String name, int replicas, String cpu) {
    deployment(name, replicas, cpu, Map.of());
  }

  void deployment(String name, int replicas, String cpu, Map<String, String> podAnnotations) {
    Deployment d =
        new DeploymentBuilder(TestManifests.deployment(name, replicas, cpu))
            .editSpec()
            .editTemplate()
            .editMetadata()
            .addToAnnotations(podAnnotations)
            .endMetadata()
            .editSpec()
            .withTerminationGracePeriodSeconds(0L)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(d).create();
  }

  void scale(String name, int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace("default")
        .withName(name)
        .edit(
            d -> {
              d.getSpec().setReplicas(replicas);
              return d;
            });
  }

  /** Cluster state as the informers would hold it now; marks survive. */
  void refreshState() {
    Set<String> nodes = new HashSet<>();
    for (Node n : client.nodes().list().getItems()) {
      state.updateNode(n);
      nodes.add(n.getMetadata().getName());
    }
    Set<String> machines = new HashSet<>();
    for (Machine m : client.resources(Machine.class).list().getItems()) {
      state.updateMachine(m);
      machines.add(m.getMetadata().getName());
    }
    for (var s : state.nodes()) {
      s.node().filter(n -> !nodes.contains(n.getMetadata().getName())).ifPresent(state::deleteNode);
      s.machine()
          .filter(m -> !machines.contains(m.getMetadata().getName()))
          .ifPresent(state::deleteMachine);
    }
    Map<String, Pod> pods = new HashMap<>();
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
      pods.put(key, p);
      state.updatePod(p);
    }
    knownPods.forEach(
        (k, p) -> {
          if (!pods.containsKey(k)) {
            state.deletePod(p);
          }
        });
    knownPods.clear();
    knownPods.putAll(pods);
  }

  /** Everything but the deprovisioner: workloads, scheduling, provisioning, lifecycle, drains. */
  void cluster() {
    workloads.sync();
    scheduler.schedulePending();
    refreshState();
    TestControllers.provisioning(
            client, state, cloud, TestControllers.batcher(clock), events, registry, clock, random)
        .provision();
    machines();
    kubelet.sync();
    machines();
    for (Node n : client.nodes().list().getItems()) {
      if (n.getMetadata().getDeletionTimestamp() != null) {
        termination.reconcile(n.getMetadata().getName());
      }
    }
    evictions.processReady();
    tasks.runDue();
    workloads.sync();
    scheduler.schedulePending();
    kubelet.sync();
    refreshState();
  }

  private void machines() {
    for (Machine m : client.resources(Machine.class).list().getItems()) {
      lifecycle.reconcile(m.getMetadata().getName());
    }
  }

  /** One round of every component, the deprovisioner last, then five seconds pass. */
  void round() {
    cluster();
    deprovisioner.reconcile();
    refreshState();
    clock.advance(ROUND);
  }

  /** Rounds until {@code condition} holds; false if it does not within {@code limit}. */
  boolean roundsUntil(BooleanSupplier condition, Duration limit) {
    long rounds = limit.toSeconds() / ROUND.toSeconds();
    for (long i = 0; i < rounds; i++) {
      if (condition.getAsBoolean()) {
        return true;
      }
      round();
    }
    return condition.getAsBoolean();
  }

  /** No command running and nothing being deleted. */
  boolean settled() {
    return nodes().stream()
            .allMatch(
                n ->
                    n.getMetadata().getDeletionTimestamp() == null
                        && (n.getMetadata().getAnnotations() == null
                            || !n.getMetadata()
                                .getAnnotations()
                                .containsKey(
                                    dev.dovetail.controllers.deprovisioning.CommandRecord
                                        .ANNOTATION)))
        && machineList().stream().allMatch(m -> m.getMetadata().getDeletionTimestamp() == null)
        && nodes().size() == machineList().size();
  }

  List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  List<Node> liveNodes() {
    return nodes().stream().filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList();
  }

  List<Machine> machineList() {
    return client.resources(Machine.class).list().getItems();
  }

  List<Pod> pods(String app) {
    return client.pods().inNamespace("default").withLabel("app", app).list().getItems();
  }

  long running(String app) {
    return pods(app).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .count();
  }

  String typeOf(Node n) {
    return n.getMetadata().getLabels().get(WellKnownLabels.INSTANCE_TYPE);
  }

  List<String> liveTypes() {
    return liveNodes().stream().map(this::typeOf).sorted().toList();
  }

  /** Instances that are running but that no Machine knows: a leak. */
  long leakedInstances() {
    Set<String> known = new HashSet<>();
    for (Machine m : machineList()) {
      if (m.getStatus() != null && m.getStatus().providerID() != null) {
        known.add(
            m.getStatus().providerID().substring(m.getStatus().providerID().lastIndexOf('/') + 1));
      }
    }
    return aws.liveInstances().stream().filter(i -> !known.contains(i.id())).count();
  }

  /** The nodes, Machines and pods at this moment, for failure messages. */
  String describe() {
    StringBuilder s = new StringBuilder("at " + clock.instant() + "\n");
    for (Node n : nodes()) {
      long pods =
          client.pods().inAnyNamespace().list().getItems().stream()
              .filter(p -> n.getMetadata().getName().equals(p.getSpec().getNodeName()))
              .count();
      s.append("node ")
          .append(n.getMetadata().getName())
          .append(' ')
          .append(typeOf(n))
          .append(" pods=")
          .append(pods)
          .append(n.getMetadata().getDeletionTimestamp() != null ? " DELETING" : "")
          .append(Boolean.TRUE.equals(n.getSpec().getUnschedulable()) ? " CORDONED" : "")
          .append(
              n.getMetadata().getAnnotations() != null
                      && n.getMetadata()
                          .getAnnotations()
                          .containsKey(
                              dev.dovetail.controllers.deprovisioning.CommandRecord.ANNOTATION)
                  ? " COMMAND"
                  : "")
          .append('\n');
    }
    for (Machine m : machineList()) {
      s.append("machine ")
          .append(m.getMetadata().getName())
          .append(m.getMetadata().getDeletionTimestamp() != null ? " DELETING" : "")
          .append(' ')
          .append(m.getStatus() == null ? "" : m.getStatus().conditions())
          .append('\n');
    }
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      s.append("pod ")
          .append(p.getMetadata().getName())
          .append(" on ")
          .append(p.getSpec().getNodeName())
          .append(' ')
          .append(p.getStatus() == null ? "" : p.getStatus().getPhase())
          .append(p.getMetadata().getDeletionTimestamp() != null ? " TERMINATING" : "")
          .append('\n');
    }
    return s.toString();
  }

  @Override
  public void close() {
    api.close();
  }
}
