package dev.dovetail.aws.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.aws.instance.InstanceProvider;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.Keys;
import dev.dovetail.controllers.MachineConditions;
import dev.dovetail.controllers.machine.garbagecollection.GarbageCollectionController;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fixtures.TestMachines;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The race that leaves a second instance for one Machine, through the production launch path (the
 * real provider and its CreateFleet batcher on the simulated backend): the first CreateFleet is
 * accepted but its answer is lost; another launch meanwhile learns that the first instance's
 * offering is out of capacity; the retry, with EC2's listing not yet showing the first instance and
 * that offering now excluded, sends a new ClientToken and launches again. Garbage collection then
 * terminates the instance the Machine does not record.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class InstanceLeakRaceTest {
  private static final String CLUSTER = "test-cluster";
  KubernetesClient client;

  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);

  private static LaunchRequest request(String machine) {
    return new LaunchRequest(
        machine,
        "default",
        new ProviderRef("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", "default"),
        Requirements.of(
            Requirement.in("node.kubernetes.io/instance-type", "c5.large", "m5.large"),
            Requirement.in("karpenter.sh/capacity-type", "on-demand"),
            Requirement.in("topology.kubernetes.io/zone", "us-east-1a")),
        Resources.ofCpuMemory(1000, 1L << 30),
        Map.of(),
        List.of(),
        List.of(),
        null);
  }

  private Machine recordLaunch(LaunchedMachine instance) {
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

  @Test
  void theInstanceTheMachineDoesNotRecordIsTerminatedAfterTheGrace() {
    aws.seedDefaultNetwork(CLUSTER, 200, "1.29");
    AwsProviders providers =
        AwsProviders.simulated(
            aws,
            AwsSettings.parse(
                Map.of("clusterName", CLUSTER, "clusterEndpoint", "https://api.example")),
            "1.29",
            name ->
                Optional.of(NodeClassSpec.discovery("default", "karpenter.sh/discovery", CLUSTER)));
    AwsCloudProvider cloud = providers.cloudProvider();
    providers.pricing().refreshIfDue();
    aws.setCapacity(CapacityType.ON_DEMAND, "c5.large", "us-east-1a", 1);
    aws.setListingDelay(Duration.ofSeconds(5));

    aws.loseNextResponse("CreateFleet");
    assertThatThrownBy(() -> cloud.create(request("default-race1")))
        .hasMessageContaining("Read timed out");
    assertThat(aws.liveInstances()).as("EC2 accepted the lost launch").hasSize(1);
    String lost = aws.liveInstances().get(0).id();

    LaunchedMachine other = cloud.create(request("default-other"));
    assertThat(other.instanceType()).as("c5.large is now out of capacity").isEqualTo("m5.large");

    LaunchedMachine retried = cloud.create(request("default-race1"));
    assertThat(retried.providerId()).doesNotEndWith(lost);
    List<CreateFleetRequest> fleets = aws.requests(CreateFleetRequest.class);
    assertThat(fleets.get(0).clientToken()).isNotEqualTo(fleets.get(2).clientToken());
    assertThat(fleets)
        .allSatisfy(
            f ->
                assertThat(f.tagSpecifications())
                    .flatExtracting(TagSpecification::tags)
                    .extracting(Tag::key)
                    .contains(InstanceProvider.MACHINE_TAG));
    assertThat(aws.liveInstances())
        .filteredOn(i -> "default-race1".equals(i.tags().get(InstanceProvider.MACHINE_TAG)))
        .hasSize(2);

    TestMachines.registerCrds(client);
    recordLaunch(retried);
    recordLaunch(other);
    GarbageCollectionController gc =
        new GarbageCollectionController(
            client,
            cloud,
            new ApiClusterLookup(client),
            new LifecycleMetrics(new SimpleMeterRegistry()),
            clock);

    clock.advance(Duration.ofSeconds(20));
    gc.reconcile();
    assertThat(aws.liveInstances()).as("within the grace period").hasSize(3);

    clock.advance(Duration.ofSeconds(11));
    gc.reconcile();
    clock.advance(Duration.ofMinutes(10)); // past shutting-down
    assertThat(aws.liveInstances())
        .extracting(SimulatedAws.Instance::id)
        .doesNotContain(lost)
        .hasSize(2)
        .allMatch(id -> retried.providerId().endsWith(id) || other.providerId().endsWith(id));
  }
}
