package dev.dovetail.aws.cloudprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.aws.instance.FleetRequests;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;

/**
 * The AWS cloud provider on the simulated backend. ICE, prices and allocation strategies are
 * simulated here because moto cannot produce fleet errors or real prices.
 */
class AwsCloudProviderTest {
  private static final String CLUSTER = "test-cluster";
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);
  private final Map<String, NodeClassSpec> nodeClasses = new HashMap<>();
  private AwsProviders providers;
  private AwsCloudProvider cloud;

  @BeforeEach
  void setUp() {
    aws.seedDefaultNetwork(CLUSTER, 200, "1.29");
    nodeClasses.put(
        "default", NodeClassSpec.discovery("default", "karpenter.sh/discovery", CLUSTER));
    providers =
        AwsProviders.simulated(
            aws,
            AwsSettings.parse(
                Map.of("clusterName", CLUSTER, "clusterEndpoint", "https://api.example")),
            "1.29",
            name -> Optional.ofNullable(nodeClasses.get(name)));
    cloud = providers.cloudProvider();
    // the pricing controller's first run
    providers.pricing().refreshIfDue();
  }

  private static LaunchRequest request(String machine, Requirement... requirements) {
    return new LaunchRequest(
        machine,
        "default",
        new ProviderRef("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", "default"),
        Requirements.of(requirements),
        Resources.ofCpuMemory(1000, 1L << 30),
        Map.of("team", "a"),
        List.of(),
        List.of(),
        null);
  }

  private static Requirement types(String... names) {
    return Requirement.in("node.kubernetes.io/instance-type", names);
  }

  private static Requirement capacity(String... values) {
    return Requirement.in("karpenter.sh/capacity-type", values);
  }

  private CreateFleetRequest lastFleet() {
    List<CreateFleetRequest> fleets = aws.requests(CreateFleetRequest.class);
    return fleets.get(fleets.size() - 1);
  }

  @Test
  void launchesTheCheapestSpotOfferingWithProviderIdLabelsAndTags() {
    aws.setSpotPrice("m5.large", "us-east-1b", 0.011);

    LaunchedMachine m =
        cloud.create(request("default-abcde", types("m5.large", "c5.large", "m6i.large")));

    assertThat(m.providerId()).matches("aws:///us-east-1b/i-[0-9a-f]{17}");
    assertThat(m.instanceType()).isEqualTo("m5.large");
    assertThat(m.capacityType()).isEqualTo(CapacityType.SPOT);
    assertThat(m.labels())
        .containsEntry("topology.kubernetes.io/zone", "us-east-1b")
        .containsEntry("karpenter.sh/capacity-type", "spot")
        .containsEntry("karpenter.sh/provisioner-name", "default")
        .containsEntry("karpenter.k8s.aws/instance-family", "m5")
        .containsEntry("team", "a");
    assertThat(m.allocatable().cpuMillis()).isEqualTo(1930);
    assertThat(m.annotations()).containsKey(AwsCloudProvider.NODE_TEMPLATE_HASH);

    CreateFleetRequest fleet = lastFleet();
    assertThat(fleet.typeAsString()).isEqualTo("instant");
    assertThat(fleet.targetCapacitySpecification().totalTargetCapacity()).isEqualTo(1);
    assertThat(fleet.spotOptions().allocationStrategyAsString())
        .isEqualTo("price-capacity-optimized");
    assertThat(fleet.clientToken())
        .isEqualTo(
            FleetRequests.clientToken(
                CLUSTER, "default-abcde", fleet.launchTemplateConfigs(), CapacityType.SPOT));
    Map<String, String> tags =
        fleet.tagSpecifications().get(0).tags().stream()
            .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
    assertThat(tags)
        .containsEntry("Name", "karpenter.sh/provisioner-name/default")
        .containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned")
        .containsEntry("karpenter.sh/provisioner-name", "default")
        .containsEntry("karpenter.sh/managed-by", CLUSTER);
    // one subnet per zone, every allowed type
    var overrides = fleet.launchTemplateConfigs().get(0).overrides();
    assertThat(overrides).hasSize(3 * 5);
    assertThat(aws.liveInstances().get(0).tags()).containsEntry("karpenter.sh/managed-by", CLUSTER);
  }

  @Test
  void iceOnTheCheapestSpotOfferingExcludesItForThreeMinutesAndTheNextLaunchUsesTheNextOne() {
    aws.setSpotPrice("m5.large", "us-east-1a", 0.010);
    aws.setSpotPrice("c5.large", "us-east-1a", 0.020);
    aws.setCapacity(CapacityType.SPOT, "m5.large", "us-east-1a", 0);
    Requirement zone = Requirement.in("topology.kubernetes.io/zone", "us-east-1a");
    // make every other offering more expensive than both
    for (String z : List.of("us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f")) {
      aws.setSpotPrice("m5.large", z, 0.09);
      aws.setSpotPrice("c5.large", z, 0.09);
    }

    LaunchedMachine first =
        cloud.create(request("m-1", types("m5.large", "c5.large"), zone, capacity("spot")));
    // EC2's fleet fell back to the next pool inside the same call, and the ICE'd pool is remembered
    assertThat(first.instanceType()).isEqualTo("c5.large");
    UnavailableOfferings cache = providers.unavailableOfferings();
    assertThat(cache.isUnavailable(CapacityType.SPOT, "m5.large", "us-east-1a")).isTrue();

    // the next plan no longer sees the ICE'd offering: it is not in the fleet request at all
    cloud.create(request("m-2", types("m5.large", "c5.large"), zone, capacity("spot")));
    assertThat(lastFleet().launchTemplateConfigs().get(0).overrides())
        .extracting(o -> o.instanceTypeAsString())
        .containsExactly("c5.large");
    InstanceType m5 =
        cloud.instanceTypes(pool()).stream()
            .filter(t -> t.name().equals("m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(m5.offerings())
        .filteredOn(o -> o.zone().equals("us-east-1a") && o.capacityType() == CapacityType.SPOT)
        .singleElement()
        .satisfies(o -> assertThat(o.available()).isFalse());

    clock.advance(Duration.ofMinutes(3));
    aws.setCapacity(CapacityType.SPOT, "m5.large", "us-east-1a", 10);
    LaunchedMachine third =
        cloud.create(request("m-3", types("m5.large", "c5.large"), zone, capacity("spot")));
    assertThat(third.instanceType()).isEqualTo("m5.large");
  }

  @Test
  void iceOnEveryOfferingIsInsufficientCapacity() {
    aws.exhaust(CapacityType.SPOT, "m5.large");

    assertThatThrownBy(() -> cloud.create(request("m-1", types("m5.large"), capacity("spot"))))
        .isInstanceOf(InsufficientCapacityException.class)
        .hasMessageContaining("InsufficientInstanceCapacity");
    assertThat(aws.liveInstances()).isEmpty();
    // the next attempt has nothing left to try
    assertThatThrownBy(() -> cloud.create(request("m-2", types("m5.large"), capacity("spot"))))
        .isInstanceOf(InsufficientCapacityException.class);
  }

  @Test
  void allSpotExhaustedWithOnDemandAllowedFallsBackToOnDemand() {
    aws.exhaustAllSpot();
    LaunchRequest r = request("m-1", types("m5.large", "c5.large"), capacity("spot", "on-demand"));

    assertThatThrownBy(() -> cloud.create(r)).isInstanceOf(InsufficientCapacityException.class);
    LaunchedMachine m =
        cloud.create(request("m-2", types("m5.large", "c5.large"), capacity("spot", "on-demand")));

    assertThat(m.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    assertThat(m.instanceType()).isEqualTo("c5.large");
    assertThat(lastFleet().onDemandOptions().allocationStrategyAsString())
        .isEqualTo("lowest-price");
    assertThat(lastFleet().targetCapacitySpecification().defaultTargetCapacityTypeAsString())
        .isEqualTo("on-demand");
  }

  @Test
  void aRetriedCreateForTheSameMachineDoesNotStartASecondInstance() {
    LaunchedMachine first = cloud.create(request("m-1", types("m5.large")));
    LaunchedMachine again = cloud.create(request("m-1", types("m5.large")));

    assertThat(again.providerId()).isEqualTo(first.providerId());
    assertThat(aws.liveInstances()).hasSize(1);
  }

  @Test
  void aNodeTemplateWhoseSubnetSelectorMatchesNothingIsNotReadyNamingTheSelector() {
    nodeClasses.put(
        "default",
        nodeClasses
            .get("default")
            .withSubnetSelector(
                List.of(SelectorTerm.ofTags(Map.of("Name", List.of("nope-a", "nope-b"))))));

    assertThatThrownBy(() -> cloud.create(request("m-1", types("m5.large"))))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("AWSNodeTemplate default")
        .hasMessageContaining("spec.subnetSelector [{Name: nope-a,nope-b}] matches no subnet");
    assertThatThrownBy(() -> cloud.instanceTypes(pool()))
        .isInstanceOf(NodeClassNotReadyException.class);
  }

  @Test
  void aMissingNodeTemplateIsNotReady() {
    nodeClasses.clear();
    assertThatThrownBy(() -> cloud.create(request("m-1", types("m5.large"))))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("AWSNodeTemplate default (referenced by Machine m-1) not found");
  }

  @Test
  void deleteIsIdempotentAndReportsNotFoundOnceTheInstanceIsGone() {
    LaunchedMachine m = cloud.create(request("m-1", types("m5.large")));

    cloud.delete(m.providerId());
    cloud.delete(m.providerId());
    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> cloud.delete(m.providerId()))
        .isInstanceOf(MachineNotFoundException.class);
    assertThatThrownBy(() -> cloud.get(m.providerId()))
        .isInstanceOf(MachineNotFoundException.class);
    assertThatThrownBy(() -> cloud.get("aws:///us-east-1a/i-00000000000000bad"))
        .isInstanceOf(MachineNotFoundException.class);
  }

  @Test
  void getAndListFindOnlyThisClustersLiveInstances() {
    LaunchedMachine a = cloud.create(request("m-1", types("m5.large")));
    LaunchedMachine b = cloud.create(request("m-2", types("c5.large")));
    cloud.delete(b.providerId());
    clock.advance(Duration.ofMinutes(1));

    assertThat(cloud.list())
        .extracting(LaunchedMachine::providerId)
        .containsExactly(a.providerId());
    LaunchedMachine got = cloud.get(a.providerId());
    assertThat(got.machineName()).isEqualTo("m-1");
    assertThat(got.state()).isEqualTo("running");
    assertThat(got.labels()).containsEntry("karpenter.sh/provisioner-name", "default");
  }

  @Test
  void instanceTypesListsEveryTypeIncludingThoseWithoutAnAvailableOffering() {
    var all = cloud.instanceTypes(pool());
    assertThat(all).hasSize(aws.catalog().specs().size());
    for (String zone : aws.catalog().zones("us-east-1")) {
      providers.unavailableOfferings().markUnavailable(CapacityType.SPOT, "r5.large", zone);
      providers.unavailableOfferings().markUnavailable(CapacityType.ON_DEMAND, "r5.large", zone);
    }

    var after = cloud.instanceTypes(pool());

    InstanceType r5 =
        after.stream().filter(t -> t.name().equals("r5.large")).findFirst().orElseThrow();
    assertThat(r5.offerings()).isNotEmpty().noneMatch(o -> o.available());
    assertThat(after).hasSize(all.size());
  }

  @Test
  void instanceTypeListsAreCachedForFiveMinutes() {
    cloud.instanceTypes(pool());
    int pages = aws.requests(DescribeInstanceTypesRequest.class).size();
    cloud.instanceTypes(pool());
    assertThat(aws.requests(DescribeInstanceTypesRequest.class)).hasSize(pages);
    clock.advance(Duration.ofMinutes(5));
    cloud.instanceTypes(pool());
    assertThat(aws.requests(DescribeInstanceTypesRequest.class)).hasSize(2 * pages);
  }

  @Test
  void throttledFleetCallsAreRetried() {
    aws.throttle("CreateFleet", 2);

    LaunchedMachine m = cloud.create(request("m-1", types("m5.large")));

    assertThat(m.instanceType()).isEqualTo("m5.large");
    assertThat(aws.requests(CreateFleetRequest.class)).hasSize(3);
  }

  @Test
  void unauthorizedIsAClearCreateError() {
    aws.failNext("CreateFleet", "UnauthorizedOperation", 1);

    assertThatThrownBy(() -> cloud.create(request("m-1", types("m5.large"))))
        .isInstanceOfSatisfying(
            CreateErrorException.class, e -> assertThat(e.reason()).isEqualTo("Unauthorized"))
        .hasMessageContaining("not authorized to call ec2:CreateFleet");
  }

  @Test
  void launchTemplatesAreReusedAndRecreatedOnceWhenDeletedBehindOurBack() {
    cloud.create(request("m-1", types("m5.large")));
    cloud.create(request("m-2", types("m5.large")));
    assertThat(aws.requests(CreateLaunchTemplateRequest.class)).hasSize(1);
    String name = aws.launchTemplateNames().get(0);
    assertThat(name).startsWith("karpenter.k8s.aws/");

    aws.deleteLaunchTemplateOutOfBand(name);
    cloud.create(request("m-3", types("m5.large")));

    assertThat(aws.requests(CreateLaunchTemplateRequest.class)).hasSize(2);
    assertThat(aws.liveInstances()).hasSize(3);
  }

  @Test
  void launchTemplateCarriesImdsV2EncryptedGp3AndBootstrapUserData() {
    cloud.create(request("m-1", types("m5.large")));

    var data = aws.requests(CreateLaunchTemplateRequest.class).get(0).launchTemplateData();
    assertThat(data.metadataOptions().httpTokensAsString()).isEqualTo("required");
    assertThat(data.metadataOptions().httpPutResponseHopLimit()).isEqualTo(2);
    assertThat(data.blockDeviceMappings().get(0).ebs().volumeTypeAsString()).isEqualTo("gp3");
    assertThat(data.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
    String userData = new String(java.util.Base64.getDecoder().decode(data.userData()));
    assertThat(userData)
        .contains("/etc/eks/bootstrap.sh '" + CLUSTER + "'")
        .contains("--max-pods=29")
        .contains("team=a");
  }

  @Test
  void gpuTypesAreDroppedWhileAGenericTypeRemains() {
    cloud.create(request("m-1", types("g5.xlarge", "m5.xlarge")));
    assertThat(lastFleet().launchTemplateConfigs())
        .flatExtracting(c -> c.overrides())
        .extracting(o -> o.instanceTypeAsString())
        .containsOnly("m5.xlarge");
  }

  @Test
  void picksTheSubnetWithTheMostFreeIpsInEachZone() {
    var roomy = aws.addSubnet("us-east-1a", 5000, Map.of("karpenter.sh/discovery", CLUSTER));

    cloud.create(
        request(
            "m-1", types("m5.large"), Requirement.in("topology.kubernetes.io/zone", "us-east-1a")));

    assertThat(lastFleet().launchTemplateConfigs().get(0).overrides())
        .extracting(o -> o.subnetId())
        .containsOnly(roomy.id());
  }

  @Test
  void driftIsReportedWhenTheTemplateOrItsAmiChanges() {
    LaunchedMachine m = cloud.create(request("m-1", types("m5.large")));
    ProviderRef ref = new ProviderRef("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", "default");
    assertThat(cloud.drifted(m, ref)).isEmpty();

    nodeClasses.put("default", nodeClasses.get("default").withTags(Map.of("team", "b")));
    assertThat(cloud.drifted(m, ref)).hasValue("NodeTemplateDrift");

    nodeClasses.put(
        "default", NodeClassSpec.discovery("default", "karpenter.sh/discovery", CLUSTER));
    aws.seedEksAmis("1.29");
    clock.advance(Duration.ofMinutes(2));
    LaunchedMachine unannotated =
        new LaunchedMachine(
            m.machineName(),
            m.providerId(),
            m.instanceType(),
            m.zone(),
            m.capacityType(),
            m.imageId(),
            m.labels(),
            Map.of(),
            m.capacity(),
            m.allocatable(),
            m.state(),
            m.launchTime());
    assertThat(cloud.drifted(unannotated, ref)).hasValue("AMIDrift");
  }

  @Test
  void onDemandPricesComeFromThePricingApiAndSpotIsSeededWithOnDemand() {
    var pricing =
        new dev.dovetail.aws.pricing.PricingProvider(
            aws.ec2(), aws.pricing(), "us-east-1", false, clock);
    assertThat(pricing.spot("m5.large", "us-east-1a")).hasValue(0.096);
    aws.clearRequests();

    pricing.updateOnDemand();
    pricing.updateSpot();

    assertThat(pricing.onDemand("m5.large")).hasValue(0.096);
    assertThat(pricing.spot("m5.large", "us-east-1a").orElseThrow()).isLessThan(0.096);
    var requests =
        aws.requests(software.amazon.awssdk.services.pricing.model.GetProductsRequest.class);
    assertThat(requests).isNotEmpty();
    assertThat(requests.get(0).filters())
        .extracting(f -> f.field() + "=" + f.value())
        .contains(
            "regionCode=us-east-1",
            "operatingSystem=Linux",
            "preInstalledSw=NA",
            "capacitystatus=Used",
            "marketoption=OnDemand",
            "tenancy=Shared");
  }

  @Test
  void eachTypeGetsTheNewestAmiOfItsArchitectureAndGpuKind() {
    var seeded = aws.seedEksAmis("1.29");
    clock.advance(Duration.ofMinutes(2));

    cloud.create(request("arm", types("c7g.large")));
    cloud.create(request("gpu", types("g5.xlarge")));

    var images =
        aws.requests(CreateLaunchTemplateRequest.class).stream()
            .map(r -> r.launchTemplateData().imageId())
            .toList();
    assertThat(images)
        .containsExactly(
            seeded.get(dev.dovetail.aws.nodeclass.AmiPaths.al2("1.29", "-arm64")),
            seeded.get(dev.dovetail.aws.nodeclass.AmiPaths.al2("1.29", "-gpu")));
  }

  private static Provisioner pool() {
    return new Provisioner(
        "default",
        ProvisionerSpec.empty()
            .withProviderRef(
                new ProviderRef("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", "default")));
  }
}
