package dev.dovetail.aws.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.cloudprovider.AwsClients;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.instance.FleetRequests;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.aws.launchtemplate.LaunchTemplateOptions;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSecurityGroupRequest;
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateVpcRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The AWS providers against a real moto server through the real SDK clients (wire protocol,
 * pagination, filters, error codes). What moto cannot do (ICE, prices, pending state) is covered on
 * the simulated backend instead.
 */
@org.junit.jupiter.api.Tag("contract")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsContractTest {
  private static final String CLUSTER = "contract";
  private MotoServer moto;
  private AwsClients clients;
  private Ec2Client ec2;
  private final Map<String, NodeClassSpec> nodeClasses = new HashMap<>();
  private AwsProviders providers;
  private String subnetA;
  private String subnetB;
  private String securityGroup;

  @BeforeAll
  void startMoto() throws Exception {
    moto = MotoServer.start();
    moto.reset();
    clients = moto.clients();
    ec2 = clients.ec2();
    String vpc =
        ec2.createVpc(CreateVpcRequest.builder().cidrBlock("10.0.0.0/16").build()).vpc().vpcId();
    subnetA =
        subnet(
            vpc,
            "10.0.1.0/24",
            "us-west-2a",
            Map.of("karpenter.sh/discovery", CLUSTER, "Name", "private-a"));
    subnetB =
        subnet(
            vpc,
            "10.0.2.0/24",
            "us-west-2b",
            Map.of("karpenter.sh/discovery", CLUSTER, "Name", "private-b"));
    subnet(vpc, "10.0.3.0/24", "us-west-2c", Map.of("Name", "public-c"));
    securityGroup =
        ec2.createSecurityGroup(
                CreateSecurityGroupRequest.builder()
                    .groupName("nodes")
                    .description("nodes")
                    .vpcId(vpc)
                    .build())
            .groupId();
    ec2.createTags(
        CreateTagsRequest.builder()
            .resources(securityGroup)
            .tags(Tag.builder().key("karpenter.sh/discovery").value(CLUSTER).build())
            .build());
  }

  @AfterAll
  void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void providers() {
    nodeClasses.clear();
    nodeClasses.put(
        "default", NodeClassSpec.discovery("default", "karpenter.sh/discovery", CLUSTER));
    providers =
        new AwsProviders(
            clients.ec2(),
            clients.pricing(),
            clients.ssm(),
            AwsSettings.parse(
                Map.of("clusterName", CLUSTER, "clusterEndpoint", "https://api.example")),
            MotoServer.REGION,
            Clock.systemUTC(),
            () -> MotoServer.KUBERNETES_VERSION,
            name -> Optional.ofNullable(nodeClasses.get(name)),
            d -> {});
  }

  private String subnet(String vpc, String cidr, String zone, Map<String, String> tags) {
    String id =
        ec2.createSubnet(
                CreateSubnetRequest.builder()
                    .vpcId(vpc)
                    .cidrBlock(cidr)
                    .availabilityZone(zone)
                    .build())
            .subnet()
            .subnetId();
    ec2.createTags(
        CreateTagsRequest.builder()
            .resources(id)
            .tags(
                tags.entrySet().stream()
                    .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                    .toList())
            .build());
    return id;
  }

  @Test
  void describeInstanceTypesPagesIntoTheModel() {
    List<InstanceTypeSpec> specs = providers.instanceTypes().specs();

    assertThat(specs).hasSizeGreaterThan(500);
    InstanceTypeSpec m5 =
        specs.stream().filter(s -> s.name().equals("m5.large")).findFirst().orElseThrow();
    assertThat(m5.vcpus()).isEqualTo(2);
    assertThat(m5.memoryMib()).isEqualTo(8192);
    assertThat(m5.maxEnis()).isEqualTo(3);
    assertThat(m5.ipv4PerEni()).isEqualTo(10);
    assertThat(specs).anySatisfy(s -> assertThat(s.architecture()).isEqualTo("arm64"));
    assertThat(providers.instanceTypes().model().eniLimitedPods(m5)).isEqualTo(29);
  }

  @Test
  void offeringsAreListedPerZone() {
    Map<String, Set<String>> offered =
        providers.instanceTypes().offerings(Set.of("us-west-2a", "us-west-2b"));

    assertThat(offered.get("m5.large")).containsExactlyInAnyOrder("us-west-2a", "us-west-2b");
    assertThat(offered.values())
        .allSatisfy(z -> assertThat(z).isSubsetOf("us-west-2a", "us-west-2b"));
  }

  @Test
  void subnetsAndSecurityGroupsAreSelectedByTags() {
    var resolver = providers.resolver();
    NodeClassSpec byDiscovery = nodeClasses.get("default");
    assertThat(resolver.subnets(byDiscovery))
        .extracting(s -> s.id())
        .containsExactlyInAnyOrder(subnetA, subnetB);
    assertThat(resolver.securityGroups(byDiscovery))
        .extracting(g -> g.id())
        .containsExactly(securityGroup);

    // values ORed, keys ANDed
    NodeClassSpec ored =
        byDiscovery.withSubnetSelector(
            List.of(SelectorTerm.ofTags(Map.of("Name", List.of("private-a", "public-c")))));
    assertThat(resolver.subnets(ored)).hasSize(2);
    NodeClassSpec anded =
        byDiscovery.withSubnetSelector(
            List.of(
                SelectorTerm.ofTags(
                    Map.of(
                        "Name",
                        List.of("private-a", "public-c"),
                        "karpenter.sh/discovery",
                        List.of("*")))));
    assertThat(resolver.subnets(anded)).extracting(s -> s.id()).containsExactly(subnetA);
    NodeClassSpec byId = byDiscovery.withSubnetSelector(List.of(SelectorTerm.ofId(subnetB)));
    assertThat(resolver.subnets(byId)).extracting(s -> s.zone()).containsExactly("us-west-2b");

    NodeClassSpec none =
        byDiscovery.withSubnetSelector(
            List.of(SelectorTerm.ofTags(Map.of("Name", List.of("nope")))));
    assertThatThrownBy(() -> resolver.subnets(none))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("spec.subnetSelector [{Name: nope}]");
  }

  @Test
  void amisResolveFromTheSeededSsmParameters() {
    var amis = providers.resolver().amis(nodeClasses.get("default"));
    String al2 =
        moto.seededParameters()
            .get("/aws/service/eks/optimized-ami/1.29/amazon-linux-2/recommended/image_id");
    assertThat(amis)
        .anySatisfy(
            a -> {
              assertThat(a.id()).isEqualTo(al2);
              assertThat(a.architecture()).isEqualTo("x86_64");
            });
    assertThat(amis).anySatisfy(a -> assertThat(a.architecture()).isEqualTo("arm64"));
    var bottlerocket =
        providers.resolver().amis(nodeClasses.get("default").withAmiFamily(AmiFamily.BOTTLEROCKET));
    assertThat(bottlerocket)
        .extracting(a -> a.id())
        .contains(
            moto.seededParameters()
                .get("/aws/service/bottlerocket/aws-k8s-1.29/x86_64/latest/image_id"));
    assertThatThrownBy(
            () ->
                providers
                    .resolver()
                    .amis(nodeClasses.get("default").withAmiFamily(AmiFamily.UBUNTU)))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("Ubuntu AMIs for Kubernetes 1.29");
  }

  @Test
  void launchTemplatesAreCreatedReusedAndDeleted() {
    var options =
        new LaunchTemplateOptions(
            CLUSTER,
            "ami-03cf127a",
            "",
            List.of(securityGroup),
            "profile",
            LaunchTemplateOptions.defaultBlockDevices(AmiFamily.AL2),
            NodeClassSpec.MetadataOptions.DEFAULT,
            false,
            null,
            Map.of("team", "a"));
    var lts = providers.launchTemplates();

    String name = lts.ensure(options);
    // a fresh provider (another replica, after a restart) finds the same template in EC2
    String again =
        new dev.dovetail.aws.launchtemplate.LaunchTemplateProvider(ec2, Clock.systemUTC())
            .ensure(options);

    assertThat(again).isEqualTo(name);
    assertThat(
            ec2.describeLaunchTemplates(DescribeLaunchTemplatesRequest.builder().build())
                .launchTemplates())
        .filteredOn(t -> t.launchTemplateName().equals(name))
        .hasSize(1);
    assertThat(lts.deleteAll(CLUSTER)).contains(name);
    assertThat(
            ec2.describeLaunchTemplates(DescribeLaunchTemplatesRequest.builder().build())
                .launchTemplates())
        .noneMatch(t -> t.launchTemplateName().equals(name));
  }

  @Test
  void createFleetLaunchesATaggedInstanceThatListsAndTerminates() {
    var cloud = providers.cloudProvider();
    LaunchRequest request =
        new LaunchRequest(
            "contract-abcde",
            "default",
            new ProviderRef("karpenter.k8s.aws/v1alpha1", "AWSNodeTemplate", "default"),
            Requirements.of(
                Requirement.in("node.kubernetes.io/instance-type", "m5.large"),
                Requirement.in("karpenter.sh/capacity-type", "on-demand")),
            Resources.ofCpuMemory(500, 1L << 30),
            Map.of(),
            List.of(),
            List.of(),
            null);

    LaunchedMachine m = cloud.create(request);

    assertThat(m.providerId()).matches("aws:///us-west-2[ab]/i-[0-9a-f]+");
    assertThat(m.instanceType()).isEqualTo("m5.large");
    assertThat(m.capacityType()).isEqualTo(CapacityType.ON_DEMAND);
    var instance =
        ec2.describeInstances(
                DescribeInstancesRequest.builder()
                    .instanceIds(m.providerId().replaceAll(".*/", ""))
                    .build())
            .reservations()
            .get(0)
            .instances()
            .get(0);
    assertThat(instance.tags())
        .extracting(t -> t.key() + "=" + t.value())
        .contains(
            "karpenter.sh/managed-by=" + CLUSTER,
            "karpenter.sh/provisioner-name=default",
            "kubernetes.io/cluster/" + CLUSTER + "=owned");

    // a retried create finds the instance by its machine tag
    assertThat(cloud.create(request).providerId()).isEqualTo(m.providerId());
    assertThat(cloud.list())
        .extracting(LaunchedMachine::providerId)
        .containsExactly(m.providerId());

    cloud.delete(m.providerId());
    assertThat(cloud.list()).isEmpty();
    assertThatThrownBy(() -> cloud.get(m.providerId()))
        .isInstanceOf(MachineNotFoundException.class);
    assertThat(
            FleetRequests.clientToken(CLUSTER, "contract-abcde", List.of(), CapacityType.ON_DEMAND))
        .startsWith("dovetail-");
    assertThat(KubeletConfig.DEFAULTS.maxPods()).isEmpty();
  }
}
