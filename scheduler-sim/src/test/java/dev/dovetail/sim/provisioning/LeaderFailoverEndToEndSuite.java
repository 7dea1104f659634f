package dev.dovetail.sim.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.provisioner.counter.ProvisionerCounterController;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.operator.Operator;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.ExponentialBackoff;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.ForwardingCloudProvider;
import dev.dovetail.sim.testing.KubeApiExtension;
import dev.dovetail.sim.testing.SimulatedCloud;
import dev.dovetail.sim.testing.TestCluster;
import dev.dovetail.sim.testing.TestControllers;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;

/**
 * Two Dovetail replicas on one embedded API server and one simulated AWS backend, with leader
 * election on: each replica is a real {@link Operator} whose controllers (the Provisioner counter,
 * the provisioning loop and the Machine lifecycle with the AWS provider) run only while it leads.
 * Time is a fake clock; the lease renewals and the controller passes run on a manual scheduler, so
 * a replica that "crashes" simply never runs again. The simulated kubelet and kube-scheduler stand
 * in for the cluster. Runs on the embedded API server ({@link LeaderFailoverEndToEndTest}) and on a
 * real kube-apiserver ({@link LeaderFailoverOnRealKubeApiTest}).
 */
@ExtendWith(KubeApiExtension.class)
@Timeout(180)
abstract class LeaderFailoverEndToEndSuite {
  private static final String LEASE_NAMESPACE = "kube-system";
  private static final String LEASE_NAME = "dovetail-leader-election";

  private FakeClock clock;
  private ManualScheduler tasks;
  private TestCluster cluster;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Replica> replicas = new ArrayList<>();
  private KubernetesClient client;
  private SimulatedAws aws;
  private SimulatedCloud simulated;
  private SimulatedKubelet kubelet;
  private SimulatedScheduler kubeScheduler;

  @BeforeEach
  void start(TestCluster cluster) {
    this.cluster = cluster;
    clock = cluster.clock();
    tasks = new ManualScheduler(clock);
    client = cluster.client();
    simulated = SimulatedCloud.start(client, clock);
    aws = simulated.aws();
    kubelet =
        simulated.kubelet(
            client,
            clock,
            new SimulatedKubelet.Delays(Duration.ofSeconds(20), Duration.ofSeconds(5)));
    kubeScheduler = new SimulatedScheduler(client, clock, Duration.ofSeconds(1));
    client.resource(TestManifests.awsNodeTemplate()).create();
    client.resource(TestManifests.provisioner("default", "spot", "1000", "")).create();
  }

  @AfterEach
  void stop() {
    replicas.forEach(r -> r.operator.close());
  }

  @Test
  void onlyTheLeaderCreatesMachinesAndLaunchesWhileTheStandbyWaits() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    a.start();
    b.start();
    assertThat(a.operator.isLeader()).isTrue();

    pods(5, "1");
    runUntil(() -> boundPods() == 5, Duration.ofMinutes(2));

    assertThat(boundPods()).isEqualTo(5);
    List<Machine> machines = machines();
    assertThat(machines).isNotEmpty();
    assertThat(nodes()).hasSameSizeAs(machines);
    assertThat(aws.requests(CreateFleetRequest.class)).hasSameSizeAs(machines);
    assertThat(aws.liveInstances()).hasSameSizeAs(machines);
    assertThat(a.passes).isPositive();
    assertThat(b.operator.isLeader()).isFalse();
    assertThat(b.passes).as("controller passes of the standby").isZero();
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("a");
  }

  @Test
  void theStandbyTakesOverAfterTheLeaseExpiresAndLaunchesTheLeadersMachinesOnce() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    a.start();
    b.start();
    a.crashAfterCreatingMachines = true;

    pods(5, "1");
    runUntil(() -> a.dead, Duration.ofSeconds(10));
    List<String> createdByA = names(machines());
    assertThat(createdByA).as("Machines A created before it crashed").isNotEmpty();
    assertThat(aws.requests(CreateFleetRequest.class)).as("launched before the crash").isEmpty();

    tasks.advance(Duration.ofSeconds(12));
    assertThat(b.operator.isLeader()).as("lease not yet expired").isFalse();
    assertThat(b.passes).as("controller passes of the standby while A's lease holds").isZero();
    assertThat(aws.requests(CreateFleetRequest.class)).isEmpty();
    assertThat(names(machines())).isEqualTo(createdByA);

    runUntil(() -> boundPods() == 5, Duration.ofMinutes(2));

    assertThat(b.operator.isLeader()).isTrue();
    assertThat(b.passes).isPositive();
    assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
    assertThat(boundPods()).isEqualTo(5);
    assertThat(names(machines())).as("B reused A's Machines").isEqualTo(createdByA);
    assertThat(aws.requests(CreateFleetRequest.class))
        .as("one launch per Machine, none twice")
        .hasSameSizeAs(createdByA);
    assertThat(aws.liveInstances()).hasSameSizeAs(createdByA);
    assertThat(nodes()).hasSameSizeAs(createdByA);
  }

  @Test
  void aLeaderThatDiesMidLaunchLeavesOneInstanceWhichTheNewLeaderAdopts() throws Exception {
    Replica a = replica("a");
    Replica b = replica("b");
    a.start();
    b.start();
    a.crashAfterLaunching = true;

    pods(5, "1");
    runUntil(() -> a.dead, Duration.ofSeconds(10));
    List<String> createdByA = names(machines());
    List<String> launchedByA = aws.liveInstances().stream().map(i -> i.id()).toList();
    assertThat(launchedByA).as("instances running at the crash").hasSameSizeAs(createdByA);
    assertThat(machines())
        .as("the crash came before the Machine status recorded the instance")
        .allSatisfy(
            m -> assertThat(m.getStatus() == null ? null : m.getStatus().providerID()).isNull());

    runUntil(() -> boundPods() == 5, Duration.ofMinutes(2));

    assertThat(b.operator.isLeader()).isTrue();
    assertThat(names(machines())).as("B reused A's Machines").isEqualTo(createdByA);
    assertThat(aws.liveInstances().stream().map(i -> i.id()).toList())
        .as("no second instance for the same Machine")
        .containsExactlyInAnyOrderElementsOf(launchedByA);
    assertThat(aws.requests(CreateFleetRequest.class))
        .as("B found A's instance by its Machine tag instead of launching again")
        .hasSameSizeAs(createdByA);
    assertThat(machines())
        .allSatisfy(
            m -> assertThat(launchedByA).anyMatch(id -> m.getStatus().providerID().endsWith(id)));
    assertThat(nodes()).hasSameSizeAs(createdByA);
  }

  /** Steps the fake clock a second at a time, with the kubelet and kube-scheduler in between. */
  private void runUntil(BooleanSupplier done, Duration atMost) {
    for (long s = 0; s < atMost.toSeconds() && !done.getAsBoolean(); s++) {
      tasks.advance(Duration.ofSeconds(1));
      kubelet.sync();
      kubeScheduler.schedulePending();
    }
    assertThat(done.getAsBoolean()).as("reached within " + atMost).isTrue();
  }

  private Replica replica(String identity) {
    Replica replica = new Replica(identity);
    replicas.add(replica);
    return replica;
  }

  private void pods(int count, String cpu) {
    for (int i = 0; i < count; i++) {
      client.resource(TestManifests.pendingPod("inflate-" + i, "inflate", cpu)).create();
    }
  }

  private long boundPods() {
    return client.pods().inNamespace("default").list().getItems().stream()
        .map(Pod::getSpec)
        .filter(s -> s.getNodeName() != null)
        .count();
  }

  private List<Machine> machines() {
    return client.resources(Machine.class).list().getItems();
  }

  private static List<String> names(List<Machine> machines) {
    return machines.stream().map(m -> m.getMetadata().getName()).sorted().toList();
  }

  private List<Node> nodes() {
    return client.nodes().list().getItems();
  }

  private Lease lease() {
    return client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).get();
  }

  /**
   * One Dovetail replica: its own API client and AWS provider on the shared backend, a real {@link
   * Operator} with leader election, and one controller loop that the Operator starts only while
   * this replica leads. Killing the replica stops every task it scheduled, lease renewals included.
   */
  private final class Replica {
    final Operator operator;
    private final KubernetesClient replicaClient;
    private final CloudProvider cloud;
    private final MachineLifecycleController lifecycle;
    private final RecordingEventRecorder events = new RecordingEventRecorder();
    // Distinct seeds: a Machine B created again would get a new name, not collide with A's.
    private final Random random;
    int passes;
    boolean dead;
    boolean crashAfterCreatingMachines;
    boolean crashAfterLaunching;

    Replica(String identity) {
      replicaClient = cluster.newClient();
      random = new Random(identity.hashCode());
      cloud = simulated.providersFor(replicaClient).cloudProvider();
      lifecycle =
          new MachineLifecycleController(
              replicaClient,
              new DiesAfterLaunching(cloud),
              new ApiClusterLookup(replicaClient),
              events,
              new LifecycleMetrics(registry),
              clock);
      TaskScheduler killable =
          (delay, task) ->
              tasks.schedule(
                  delay,
                  () -> {
                    if (!dead) {
                      task.run();
                    }
                  });
      SingletonLoop controllers =
          new SingletonLoop(
              "replica-" + identity,
              this::pass,
              clock,
              killable,
              registry,
              ExponentialBackoff.defaults(),
              Runnable::run);
      OperatorOptions options =
          new OperatorOptions(
              Duration.ofSeconds(1),
              Duration.ofSeconds(10),
              0,
              0,
              "info",
              "json",
              true,
              LEASE_NAMESPACE,
              LEASE_NAME,
              Demo.CLUSTER,
              200,
              300);
      operator =
          new Operator(
              options,
              replicaClient,
              new ClusterInformers(replicaClient, new ClusterState(clock)),
              informers -> List.of(controllers),
              () -> "# no metrics\n",
              identity,
              clock,
              killable,
              Duration.ofSeconds(5),
              () -> {});
    }

    /** Starts the replica and lets its first election attempt run. */
    void start() throws Exception {
      operator.start().get(10, TimeUnit.SECONDS);
      tasks.runDue();
    }

    /** One pass of this replica's controllers, as the provisioning loop would run them. */
    private Result pass() {
      passes++;
      ClusterState state = TestControllers.stateOf(replicaClient, clock);
      new ProvisionerCounterController(replicaClient, state).reconcile("default");
      TestControllers.provisioning(
              replicaClient,
              state,
              cloud,
              TestControllers.batcher(clock),
              events,
              registry,
              clock,
              random)
          .provision();
      List<Machine> machines = replicaClient.resources(Machine.class).list().getItems();
      if (crashAfterCreatingMachines && !machines.isEmpty()) {
        // The process dies between creating the Machines and launching them.
        dead = true;
        return Result.done();
      }
      for (Machine m : machines) {
        lifecycle.reconcile(m.getMetadata().getName());
      }
      return Result.requeueAfter(Duration.ofSeconds(1));
    }

    /**
     * The replica's cloud provider, except that with {@link #crashAfterLaunching} the process dies
     * once the instance is running and before the Machine's status records it.
     */
    private final class DiesAfterLaunching extends ForwardingCloudProvider {
      DiesAfterLaunching(CloudProvider delegate) {
        super(delegate);
      }

      @Override
      public LaunchedMachine create(LaunchRequest request) {
        LaunchedMachine launched = super.create(request);
        if (crashAfterLaunching) {
          dead = true;
          throw new IllegalStateException("the replica died before writing the Machine status");
        }
        return launched;
      }
    }
  }
}
