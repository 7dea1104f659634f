package dev.dovetail.controllers.machine.garbagecollection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.fixtures.TestNodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class GarbageCollectionControllerTest {
  KubernetesClient client;

  private final FakeClock clock = new FakeClock();
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private GarbageCollectionController controller;

  @BeforeEach
  void setUp() {
    TestMachines.registerCrds(client);
    controller =
        new GarbageCollectionController(
            client, cloud, new ApiClusterLookup(client), new LifecycleMetrics(registry), clock);
  }

  private LaunchedMachine launch(String machineName) {
    return cloud.create(
        new LaunchRequest(
            machineName,
            "default",
            new ProviderRef(null, null, "default"),
            null,
            null,
            null,
            null,
            null,
            null));
  }

  /** A Machine whose launch was recorded now, for {@code instance}. */
  private Machine launchedMachine(LaunchedMachine instance) {
    Machine machine =
        client
            .resource(TestMachines.machine("default").name(instance.machineName()).build())
            .create();
    machine.setStatus(
        MachineConditions.markTrue(
            new MachineStatus(instance.providerId(), null, null, null, null),
            Keys.MACHINE_LAUNCHED,
            clock.instant()));
    return client.resources(Machine.class).resource(machine).updateStatus();
  }

  private Machine machine(String name) {
    return client.resources(Machine.class).withName(name).get();
  }

  @Test
  void aMachineWhoseInstanceIsGoneIsDeletedOnceLaunchedTenSecondsAgo() {
    LaunchedMachine instance = launch("default-aaaaa");
    launchedMachine(instance);
    cloud.vanish(instance.providerId());

    clock.advance(Duration.ofSeconds(9));
    controller.reconcile();
    assertThat(machine("default-aaaaa")).isNotNull();

    clock.advance(Duration.ofSeconds(2));
    controller.reconcile();
    assertThat(machine("default-aaaaa")).isNull();
    assertThat(
            registry
                .get(MetricNames.MACHINES_TERMINATED)
                .tags("reason", "garbage_collected")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void anInstanceNoMachineClaimsIsTerminatedAfterThirtySecondsAndItsNodeDeleted() {
    LaunchedMachine leaked = launch("default-gone1");
    client.resource(TestNodes.registeredFor(leaked, true)).create();

    clock.advance(Duration.ofSeconds(29));
    controller.reconcile();
    assertThat(cloud.instances()).hasSize(1);

    clock.advance(Duration.ofSeconds(2));
    controller.reconcile();
    assertThat(cloud.instances()).isEmpty();
    assertThat(cloud.deleteCalls()).containsExactly(leaked.providerId());
    assertThat(client.nodes().list().getItems()).isEmpty();
  }

  @Test
  void instancesClaimedByProviderIdOrByMachineNameAreKept() {
    LaunchedMachine recorded = launch("default-bbbbb");
    launchedMachine(recorded);
    LaunchedMachine beingLaunched = launch("default-ccccc");
    // Its Machine exists but the launch was not written to its status yet.
    client.resource(TestMachines.machine("default").name("default-ccccc").build()).create();

    clock.advance(Duration.ofMinutes(5));
    controller.reconcile();

    assertThat(cloud.instances()).containsExactly(recorded, beingLaunched);
    assertThat(machine("default-bbbbb")).isNotNull();
  }

  @Test
  void aSecondInstanceTaggedForAMachineThatRecordsAnotherIsTerminatedAfterTheGrace() {
    // the first launch was accepted but not yet listed; the retry launched again
    LaunchedMachine second = launch("default-ddddd");
    LaunchedMachine first =
        new LaunchedMachine(
            second.machineName(),
            "aws:///test-zone-a/i-first",
            second.instanceType(),
            second.zone(),
            second.capacityType(),
            second.imageId(),
            second.labels(),
            second.annotations(),
            second.capacity(),
            second.allocatable(),
            second.state(),
            second.launchTime());
    cloud.addInstance(first);
    launchedMachine(second);

    clock.advance(Duration.ofSeconds(29));
    controller.reconcile();
    assertThat(cloud.instances()).containsExactlyInAnyOrder(first, second);

    clock.advance(Duration.ofSeconds(2));
    controller.reconcile();
    assertThat(cloud.instances()).containsExactly(second);
    assertThat(cloud.deleteCalls()).containsExactly(first.providerId());
    assertThat(machine("default-ddddd")).isNotNull();
  }

  @Test
  void runsEveryTenSecondsForTwentyPassesThenEveryTwoMinutes() {
    for (int i = 1; i < 20; i++) {
      assertThat(controller.reconcile()).isEqualTo(Result.requeueAfter(Duration.ofSeconds(10)));
    }
    assertThat(controller.reconcile()).isEqualTo(Result.requeueAfter(Duration.ofMinutes(2)));
  }
}
