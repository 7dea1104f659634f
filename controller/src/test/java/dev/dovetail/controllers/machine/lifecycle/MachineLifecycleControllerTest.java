package dev.dovetail.controllers.machine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.fixtures.TestNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class MachineLifecycleControllerTest {
  KubernetesClient client;

  private final FakeClock clock = new FakeClock();
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private MachineLifecycleController controller;

  @BeforeEach
  void setUp() {
    TestMachines.registerCrds(client);
    client.resource(TestMachines.provisioner("default")).create();
    controller =
        new MachineLifecycleController(
            client,
            cloud,
            new ApiClusterLookup(client),
            events,
            new LifecycleMetrics(registry),
            clock);
  }

  private Machine apply(Machine machine) {
    return client.resource(machine).create();
  }

  private Machine get(String name) {
    return client.resources(Machine.class).withName(name).get();
  }

  private Condition condition(String name, String type) {
    return MachineConditions.get(get(name).getStatus(), type).orElseThrow();
  }

  private double counter(String metric, String... tags) {
    var search = registry.find(metric).tags(tags);
    return search.counter() == null ? 0 : search.counter().count();
  }

  private Node registerNode(String machine, boolean ready, TaintBuilder... taints) {
    LaunchedMachine instance =
        cloud.instances().stream()
            .filter(i -> i.machineName().equals(machine))
            .findFirst()
            .orElseThrow();
    Node node =
        TestNodes.registeredFor(
            instance,
            ready,
            List.of(taints).stream()
                .map(TaintBuilder::build)
                .toArray(io.fabric8.kubernetes.api.model.Taint[]::new));
    return client.resource(node).create();
  }

  @Nested
  class Launch {
    @Test
    void addsTheFinalizerAndLaunchesFromTheMachineAndItsProvisioner() {
      Machine machine =
          apply(
              TestMachines.machine("default")
                  .requirement(WellKnownLabels.INSTANCE_TYPE, "In", "m5.large", "m5.xlarge")
                  .requirement(WellKnownLabels.CAPACITY_TYPE, "In", "on-demand")
                  .request("cpu", "1500m")
                  .request("memory", "2Gi")
                  .taint("dedicated", "web", "NoSchedule")
                  .startupTaint("example.com/agent", "", "NoExecute")
                  .build());

      Result result = controller.reconcile(machine.getMetadata().getName());

      Machine launched = get(machine.getMetadata().getName());
      assertThat(launched.getMetadata().getFinalizers())
          .containsExactly(Keys.TERMINATION_FINALIZER);
      assertThat(cloud.createCalls()).hasSize(1);
      LaunchRequest request = cloud.createCalls().get(0);
      assertThat(request.machineName()).isEqualTo(machine.getMetadata().getName());
      assertThat(request.nodePoolName()).isEqualTo("default");
      assertThat(request.nodeClassRef().name()).isEqualTo("default");
      assertThat(request.nodeClassRef().kind()).isEqualTo("AWSNodeTemplate");
      assertThat(request.requests().cpuMillis()).isEqualTo(1500);
      assertThat(request.requests().memoryBytes()).isEqualTo(2L << 30);
      assertThat(request.taints()).extracting(t -> t.key()).containsExactly("dedicated");
      assertThat(request.startupTaints())
          .extracting(t -> t.key())
          .containsExactly("example.com/agent");
      assertThat(request.requirements().get(WellKnownLabels.INSTANCE_TYPE).values())
          .containsExactly("m5.large", "m5.xlarge");

      LaunchedMachine instance = cloud.instances().get(0);
      assertThat(instance.instanceType()).isEqualTo("m5.large");
      assertThat(launched.getStatus().providerID()).isEqualTo(instance.providerId());
      assertThat(launched.getStatus().capacity()).containsEntry("cpu", new Quantity("2"));
      assertThat(launched.getStatus().allocatable()).containsKeys("cpu", "memory", "pods");
      assertThat(launched.getStatus().allocatable().keySet()).doesNotContain("nvidia.com/gpu");
      assertThat(launched.getMetadata().getLabels())
          .containsEntry(WellKnownLabels.INSTANCE_TYPE, "m5.large")
          .containsEntry(WellKnownLabels.CAPACITY_TYPE, "on-demand")
          .containsEntry(WellKnownLabels.ZONE, instance.zone())
          .containsEntry(Keys.PROVISIONER_NAME, "default");
      assertThat(condition(machine.getMetadata().getName(), Keys.MACHINE_LAUNCHED).status())
          .isEqualTo("True");
      assertThat(condition(machine.getMetadata().getName(), Keys.MACHINE_REGISTERED).reason())
          .isEqualTo("NodeNotFound");
      assertThat(counter(MetricNames.MACHINES_LAUNCHED, "provisioner", "default")).isEqualTo(1);
      assertThat(result).isEqualTo(Result.requeueAfter(Registration.POLL));
    }

    @Test
    void logsLaunchedMachineWithUpstreamKeys() {
      ch.qos.logback.classic.Logger logger =
          (ch.qos.logback.classic.Logger)
              org.slf4j.LoggerFactory.getLogger(
                  dev.dovetail.controllers.machine.lifecycle.Launch.class);
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
          new ch.qos.logback.core.read.ListAppender<>();
      appender.start();
      logger.addAppender(appender);
      try {
        Machine machine = apply(TestMachines.machine("default").build());
        controller.reconcile(machine.getMetadata().getName());
      } finally {
        logger.detachAppender(appender);
      }

      LaunchedMachine instance = cloud.instances().get(0);
      assertThat(appender.list)
          .filteredOn(e -> e.getFormattedMessage().equals("launched machine"))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getKeyValuePairs())
                      .extracting(kv -> kv.key + "=" + kv.value)
                      .contains(
                          "provider-id=" + instance.providerId(),
                          "instance-type=" + instance.instanceType(),
                          "zone=" + instance.zone(),
                          "capacity-type=" + instance.capacityType().label(),
                          "allocatable=" + instance.allocatable().toQuantityStrings()));
    }

    @Test
    void userLabelsWinOverRequirementsWhichWinOverCloudLabels() {
      Machine machine =
          apply(
              TestMachines.machine("default")
                  .requirement("example.com/tier", "In", "gold")
                  .requirement("example.com/team", "In", "search")
                  .requirement(WellKnownLabels.ZONE, "In", "us-east-1b")
                  .label("example.com/tier", "silver")
                  .build());

      controller.reconcile(machine.getMetadata().getName());

      assertThat(get(machine.getMetadata().getName()).getMetadata().getLabels())
          .containsEntry("example.com/tier", "silver")
          .containsEntry("example.com/team", "search")
          .containsEntry(WellKnownLabels.ZONE, "us-east-1b")
          .containsKey(WellKnownLabels.INSTANCE_TYPE);
    }

    @Test
    void insufficientCapacityDeletesTheMachineAndPublishesAnEvent() {
      cloud.insufficientCapacityEverywhere();
      Machine machine = apply(TestMachines.machine("default").build());
      String name = machine.getMetadata().getName();

      Result first = controller.reconcile(name);
      assertThat(first).isEqualTo(Result.requeueAfter(Duration.ZERO));
      assertThat(get(name).getMetadata().getDeletionTimestamp()).isNotNull();
      controller.reconcile(name);

      assertThat(get(name)).isNull();
      assertThat(events.withReason("InsufficientCapacityError"))
          .singleElement()
          .satisfies(e -> assertThat(e.message()).startsWith("Machine " + name + " event: "));
      assertThat(
              counter(
                  MetricNames.MACHINES_TERMINATED,
                  "reason",
                  "insufficient_capacity",
                  "provisioner",
                  "default"))
          .isEqualTo(1);
      assertThat(cloud.instances()).isEmpty();
    }

    @Test
    void otherErrorsMarkLaunchedFalseWithATruncatedMessageAndBackOff() {
      cloud.nextCreateError(new CreateErrorException("Unauthorized", "x".repeat(400)));
      Machine machine = apply(TestMachines.machine("default").build());
      String name = machine.getMetadata().getName();

      Result result = controller.reconcile(name);

      assertThat(result).isInstanceOf(Result.Failed.class);
      Condition launched = condition(name, Keys.MACHINE_LAUNCHED);
      assertThat(launched.status()).isEqualTo("False");
      assertThat(launched.reason()).isEqualTo("LaunchFailed");
      assertThat(launched.message()).hasSize(303).endsWith("...");

      controller.reconcile(name);
      assertThat(condition(name, Keys.MACHINE_LAUNCHED).status()).isEqualTo("True");
    }

    @Test
    void aNodeClassThatIsNotReadyPublishesAnEventAndRetries() {
      cloud.nextCreateError(
          new NodeClassNotReadyException("AWSNodeTemplate default: no subnets matched"));
      Machine machine = apply(TestMachines.machine("default").build());

      Result result = controller.reconcile(machine.getMetadata().getName());

      assertThat(result).isInstanceOf(Result.Failed.class);
      assertThat(events.withReason("NodeClassNotReady")).hasSize(1);
      assertThat(condition(machine.getMetadata().getName(), Keys.MACHINE_LAUNCHED).reason())
          .isEqualTo("NodeClassNotReady");
      assertThat(get(machine.getMetadata().getName())).isNotNull();
    }

    @Test
    void aRetryAfterALostStatusWriteReusesTheInstance() {
      Machine machine = apply(TestMachines.machine("default").build());
      String name = machine.getMetadata().getName();
      // A previous run launched the instance and died before writing the Machine's status.
      cloud.create(
          new LaunchRequest(
              name,
              "default",
              new ProviderRef(null, null, "default"),
              null,
              null,
              null,
              null,
              null,
              null));

      controller.reconcile(name);

      assertThat(cloud.instances()).hasSize(1);
      assertThat(get(name).getStatus().providerID())
          .isEqualTo(cloud.instances().get(0).providerId());
    }
  }

  @Nested
  class RegistrationAndInitialization {
    private String launch(TestMachines.Builder builder) {
      Machine machine = apply(builder.build());
      controller.reconcile(machine.getMetadata().getName());
      return machine.getMetadata().getName();
    }

    @Test
    void registrationTakesOverTheNode() {
      String name =
          launch(
              TestMachines.machine("default")
                  .label("team", "search")
                  .taint("dedicated", "web", "NoSchedule")
                  .startupTaint("example.com/agent", "", "NoExecute"));
      Node node = registerNode(name, false);

      controller.reconcile(name);

      Node registered = client.nodes().withName(node.getMetadata().getName()).get();
      Machine machine = get(name);
      assertThat(registered.getMetadata().getFinalizers()).contains(Keys.TERMINATION_FINALIZER);
      assertThat(registered.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("Machine");
                assertThat(o.getName()).isEqualTo(name);
                assertThat(o.getUid()).isEqualTo(machine.getMetadata().getUid());
              });
      assertThat(registered.getMetadata().getLabels())
          .containsEntry("team", "search")
          .containsEntry(Keys.PROVISIONER_NAME, "default")
          .containsEntry(Keys.REGISTERED, "true")
          .doesNotContainKey(Keys.INITIALIZED);
      assertThat(registered.getSpec().getTaints())
          .extracting(t -> t.getKey() + ":" + t.getEffect())
          .containsExactlyInAnyOrder("dedicated:NoSchedule", "example.com/agent:NoExecute");
      assertThat(machine.getStatus().nodeName()).isEqualTo(node.getMetadata().getName());
      assertThat(condition(name, Keys.MACHINE_REGISTERED).status()).isEqualTo("True");
      assertThat(condition(name, Keys.MACHINE_INITIALIZED).reason()).isEqualTo("NodeNotReady");
      assertThat(counter(MetricNames.MACHINES_REGISTERED, "provisioner", "default")).isEqualTo(1);
      assertThat(counter(MetricNames.NODES_CREATED, "provisioner", "default")).isEqualTo(1);
    }

    @Test
    void initializationWaitsForReadinessTaintsAndExtendedResources() {
      InstanceType m5 = ScenarioTypes.named("m5.large");
      cloud.setInstanceTypes(
          List.of(
              new InstanceType(
                  m5.name(),
                  m5.requirements(),
                  m5.capacity().with("example.com/device", 2),
                  m5.overhead(),
                  m5.offerings(),
                  null)));
      String name =
          launch(
              TestMachines.machine("default")
                  .request("example.com/device", "1")
                  .startupTaint("example.com/agent", "", "NoExecute"));
      Node node =
          registerNode(
              name,
              true,
              new TaintBuilder()
                  .withKey("node.cloudprovider.kubernetes.io/uninitialized")
                  .withValue("true")
                  .withEffect("NoSchedule"));
      // The kubelet reports extended resources as zero until the device plugin registers.
      editNode(
          node, n -> n.getStatus().getAllocatable().put("example.com/device", new Quantity("0")));
      controller.reconcile(name);
      assertThat(condition(name, Keys.MACHINE_INITIALIZED).reason())
          .isEqualTo("StartupTaintsExist");
      assertThat(condition(name, Keys.MACHINE_INITIALIZED).message())
          .isEqualTo("StartupTaint \"example.com/agent:NoExecute\" still exists");

      editNode(
          node, n -> n.getSpec().getTaints().removeIf(t -> t.getKey().equals("example.com/agent")));
      controller.reconcile(name);
      assertThat(condition(name, Keys.MACHINE_INITIALIZED).reason())
          .isEqualTo("KnownEphemeralTaintsExist");

      editNode(node, n -> n.getSpec().getTaints().clear());
      controller.reconcile(name);
      assertThat(condition(name, Keys.MACHINE_INITIALIZED).message())
          .isEqualTo("Resource \"example.com/device\" was requested but not registered");

      editNode(
          node, n -> n.getStatus().getAllocatable().put("example.com/device", new Quantity("2")));
      controller.reconcile(name);

      assertThat(condition(name, Keys.MACHINE_INITIALIZED).status()).isEqualTo("True");
      assertThat(condition(name, Keys.READY).status()).isEqualTo("True");
      assertThat(
              client.nodes().withName(node.getMetadata().getName()).get().getMetadata().getLabels())
          .containsEntry(Keys.INITIALIZED, "true");
      assertThat(counter(MetricNames.MACHINES_INITIALIZED, "provisioner", "default")).isEqualTo(1);

      assertThat(controller.reconcile(name)).isEqualTo(Result.done());
      assertThat(counter(MetricNames.MACHINES_INITIALIZED, "provisioner", "default"))
          .as("counted once")
          .isEqualTo(1);
    }

    private void editNode(Node node, java.util.function.Consumer<Node> change) {
      Node current = client.nodes().withName(node.getMetadata().getName()).get();
      change.accept(current);
      client.nodes().resource(current).update();
    }
  }

  @Nested
  class Liveness {
    @Test
    void aMachineWhoseNodeNeverRegistersIsDeletedAfterFifteenMinutes() {
      Machine machine = apply(TestMachines.machine("default").build());
      String name = machine.getMetadata().getName();
      controller.reconcile(name);

      clock.advance(Duration.ofMinutes(14));
      Result result = controller.reconcile(name);
      assertThat(get(name).getMetadata().getDeletionTimestamp()).isNull();
      assertThat(result).isEqualTo(Result.requeueAfter(Registration.POLL));

      clock.advance(Duration.ofMinutes(1));
      controller.reconcile(name);
      assertThat(get(name).getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(counter(MetricNames.MACHINES_TERMINATED, "reason", "liveness")).isEqualTo(1);

      controller.reconcile(name);
      assertThat(cloud.instances()).as("the instance is terminated").isEmpty();
      controller.reconcile(name);
      assertThat(get(name)).isNull();
    }
  }

  @Nested
  class Termination {
    @Test
    void deletingAMachineDeletesItsNodeThenTerminatesTheInstanceThenRemovesTheFinalizer() {
      Machine machine = apply(TestMachines.machine("default").build());
      String name = machine.getMetadata().getName();
      controller.reconcile(name);
      Node node = registerNode(name, true);
      controller.reconcile(name);
      String providerId = get(name).getStatus().providerID();

      client.resources(Machine.class).withName(name).delete();
      Result waiting = controller.reconcile(name);

      assertThat(waiting).isEqualTo(Result.requeueAfter(MachineTermination.NODE_WAIT));
      Node deleting = client.nodes().withName(node.getMetadata().getName()).get();
      assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(cloud.deleteCalls()).isEmpty();

      // The node's own finalizer (node.termination) finishes.
      deleting.getMetadata().setFinalizers(List.of());
      client.nodes().resource(deleting).update();

      assertThat(controller.reconcile(name))
          .isEqualTo(Result.requeueAfter(MachineTermination.INSTANCE_WAIT));
      assertThat(cloud.deleteCalls()).containsExactly(providerId);
      assertThat(get(name)).isNotNull();

      assertThat(controller.reconcile(name)).isEqualTo(Result.done());
      assertThat(cloud.deleteCalls()).containsExactly(providerId, providerId);
      assertThat(get(name)).isNull();
    }
  }
}
