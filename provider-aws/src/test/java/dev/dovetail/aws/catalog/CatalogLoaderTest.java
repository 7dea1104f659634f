package dev.dovetail.aws.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.instancetype.ResourceUnits;
import dev.dovetail.aws.testing.SharedData;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Offering;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {
  private static final String TYPES =
      "name,vcpu,memory_mib,arch,max_enis,ipv4_per_eni,spot_supported\n"
          + "m5.large,2,8192,x86_64,3,10,true\n"
          + "c7g.large,2,4096,arm64,3,10,true\n"
          + "u-6tb1.56xlarge,224,6291456,x86_64,15,50,false\n";

  private static Catalog load(String types, String offerings, Map<String, String> prices) {
    return CatalogLoader.load(
        "test",
        new StringReader(types),
        Optional.ofNullable(offerings).map(StringReader::new),
        prices.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> new StringReader(e.getValue()))));
  }

  @Test
  void producesOfferingsPerZoneAndCapacityTypeWithSpotFallingBackToOnDemand() {
    Catalog catalog =
        load(
            TYPES,
            "region,zone,instance_type\nus-east-1,us-east-1a,m5.large\nus-east-1,us-east-1b,m5.large\n"
                + "us-east-1,us-east-1a,u-6tb1.56xlarge\n",
            Map.of(
                "prices-ondemand.csv",
                "region,instance_type,usd_per_hour\nus-east-1,m5.large,0.096\nus-east-1,u-6tb1.56xlarge,40\n",
                "prices-spot.csv",
                "region,zone,instance_type,usd_per_hour\nus-east-1,us-east-1a,m5.large,0.04\n"));

    List<InstanceTypeInfo> types = catalog.describe("us-east-1");

    assertThat(types)
        .extracting(InstanceTypeInfo::name)
        .containsExactly("m5.large", "u-6tb1.56xlarge");
    InstanceTypeInfo m5 = types.get(0);
    assertThat(m5.offerings())
        .containsExactlyInAnyOrder(
            new Offering("us-east-1a", CapacityType.SPOT, 0.04, true),
            new Offering("us-east-1a", CapacityType.ON_DEMAND, 0.096, true),
            new Offering("us-east-1b", CapacityType.SPOT, 0.096, true),
            new Offering("us-east-1b", CapacityType.ON_DEMAND, 0.096, true));
    assertThat(types.get(1).offerings())
        .extracting(Offering::capacityType)
        .containsOnly(CapacityType.ON_DEMAND);
    assertThat(m5.allocatable().get(ResourceUnits.CPU)).isEqualTo(1930);
  }

  @Test
  void offeringsMayNameTheCapacityTypesOfEachZone() {
    Catalog catalog =
        load(
            TYPES,
            "region,zone,instance_type,capacity_type\n"
                + "us-east-1,us-east-1a,m5.large,on-demand\n"
                + "us-east-1,us-east-1a,m5.large,spot\n"
                + "us-east-1,us-east-1b,m5.large,on-demand\n"
                + "us-east-1,us-east-1c,m5.large,\n"
                + "us-east-1,us-east-1d,m5.large,spot\n",
            Map.of(
                "prices-ondemand.csv",
                "region,instance_type,usd_per_hour\nus-east-1,m5.large,0.096\n",
                "prices-spot.csv",
                "region,zone,instance_type,usd_per_hour\nus-east-1,us-east-1a,m5.large,0.04\n"));

    InstanceTypeInfo m5 = catalog.describe("us-east-1").get(0);

    // 1a both (two rows), 1b on-demand only (spot is not offered there), 1c both (no capacity
    // type: today's meaning), 1d spot only
    assertThat(m5.offerings())
        .extracting(o -> o.zone() + " " + o.capacityType().label())
        .containsExactlyInAnyOrder(
            "us-east-1a spot",
            "us-east-1a on-demand",
            "us-east-1b on-demand",
            "us-east-1c spot",
            "us-east-1c on-demand",
            "us-east-1d spot");
    assertThat(catalog.zonesOffering("us-east-1", "m5.large"))
        .containsExactly("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d");
    var engineType = m5.toInstanceType();
    assertThat(engineType.requirements().get("karpenter.sh/capacity-type").values())
        .containsExactlyInAnyOrder("spot", "on-demand");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    "region,zone,instance_type,capacity_type\nus-east-1,us-east-1a,m5.large,rsv\n",
                    Map.of()))
        .hasMessageContaining("offerings.csv:2: column 'capacity_type': capacity type 'rsv'");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    "region,zone,instance_type,capacity_type\n"
                        + "us-east-1,us-east-1a,m5.large,spot\n"
                        + "us-east-1,us-east-1a,m5.large,spot\n",
                    Map.of()))
        .hasMessage(
            "offerings.csv:3: column 'zone': offering of m5.large in us-east-1a (us-east-1, spot)"
                + " is defined twice: at offerings.csv:2 and here");
  }

  @Test
  void theOsColumnSaysWhichOperatingSystemsATypeRuns() {
    Catalog catalog =
        load(
            "name,vcpu,memory_mib,arch,os\n"
                + "m5.large,2,8192,x86_64,linux|windows\n"
                + "c7g.large,2,4096,arm64,linux\n"
                + "m5.xlarge,4,16384,x86_64,Windows\n"
                + "m5.2xlarge,8,32768,x86_64,\n",
            null,
            Map.of("prices.csv", "region,instance_type,usd_per_hour\nus-east-1,m5.large,0.096\n"));

    Map<String, InstanceTypeInfo> byName =
        catalog.describe("us-east-1").stream()
            .collect(java.util.stream.Collectors.toMap(InstanceTypeInfo::name, t -> t));
    assertThat(os(byName.get("m5.large"))).containsExactly("linux", "windows");
    assertThat(byName.get("m5.large").labels()).containsEntry("kubernetes.io/os", "linux");
    assertThat(os(byName.get("c7g.large"))).containsExactly("linux");
    assertThat(os(byName.get("m5.xlarge"))).containsExactly("windows");
    assertThat(byName.get("m5.xlarge").labels()).containsEntry("kubernetes.io/os", "windows");
    assertThat(os(byName.get("m5.2xlarge"))).containsExactly("linux");
    // without the column every type runs linux, as before
    assertThat(os(load(TYPES, null, Map.of()).describe("us-east-1").get(0)))
        .containsExactly("linux");
    assertThatThrownBy(
            () -> load("name,vcpu,memory_mib,os\nm5.large,2,8192,macos\n", null, Map.of()))
        .hasMessage(
            "instance-types.csv:2: column 'os': 'macos' is not linux or windows (both:"
                + " linux|windows)");
  }

  private static List<String> os(InstanceTypeInfo type) {
    return type.toInstanceType().requirements().get("kubernetes.io/os").values().stream()
        .sorted()
        .toList();
  }

  @Test
  void capacityTypeAndZoneColumnsInAPricesFileAreHonoured() {
    Catalog catalog =
        load(
            TYPES,
            null,
            Map.of(
                "prices.csv",
                "region,zone,instance_type,usd_per_hour,capacity_type\n"
                    + "eu-west-1,,m5.large,0.107,on-demand\n"
                    + "eu-west-1,eu-west-1b,m5.large,0.03,spot\n"));

    assertThat(catalog.zones("eu-west-1")).containsExactly("eu-west-1b");
    InstanceTypeInfo m5 =
        catalog.describe("eu-west-1").stream()
            .filter(t -> t.name().equals("m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(m5.offering("eu-west-1b", CapacityType.SPOT).orElseThrow().pricePerHour())
        .isEqualTo(0.03);
    assertThat(m5.offering("eu-west-1b", CapacityType.ON_DEMAND).orElseThrow().pricePerHour())
        .isEqualTo(0.107);
  }

  @Test
  void typesWithoutAnyPriceHaveUnavailableOfferings() {
    Catalog catalog = load(TYPES, null, Map.of());
    assertThat(catalog.describe("us-east-1"))
        .allSatisfy(t -> assertThat(t.cheapestAvailable()).isEmpty());
  }

  @Test
  void allocatableColumnsOverrideTheModel() {
    Catalog catalog =
        load(
            "name,vcpu,memory_mib,allocatable_cpu,allocatable_memory_mib,allocatable_pods\n"
                + "m5.large,2,8192,1900m,7000,30\n",
            null,
            Map.of());

    InstanceTypeInfo m5 = catalog.describe("us-east-1").get(0);
    assertThat(m5.allocatable())
        .containsEntry(ResourceUnits.CPU, 1900L)
        .containsEntry(ResourceUnits.MEMORY, 7000 * ResourceUnits.MIB)
        .containsEntry(ResourceUnits.PODS, 30L);
    assertThat(m5.capacity()).containsEntry(ResourceUnits.PODS, 30L);
    assertThat(m5.labels()).containsEntry("karpenter.k8s.aws/instance-pods", "30");
  }

  @Test
  void duplicateRowsAreErrorsNamingBothPlaces() {
    assertThatThrownBy(() -> load(TYPES + "m5.large,2,8192,x86_64,3,10,true\n", null, Map.of()))
        .hasMessage(
            "instance-types.csv:5: column 'name': instance type 'm5.large' is defined twice: at"
                + " instance-types.csv:2 and here");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    null,
                    Map.of(
                        "prices-a.csv",
                        "region,instance_type,usd_per_hour\nus-east-1,m5.large,0.096\n",
                        "prices-b.csv",
                        "region,instance_type,usd_per_hour\nus-east-1,m5.large,0.001\n")))
        .hasMessageContaining(
            "column 'usd_per_hour': the on-demand price of m5.large in us-east-1 is defined twice:"
                + " at prices-");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    "region,zone,instance_type\nus-east-1,us-east-1a,m5.large\n"
                        + "us-east-1,us-east-1a,m5.large\n",
                    Map.of()))
        .hasMessage(
            "offerings.csv:3: column 'zone': offering of m5.large in us-east-1a (us-east-1) is"
                + " defined twice: at offerings.csv:2 and here");
  }

  @Test
  void errorsNameFileLineAndColumn() {
    assertThatThrownBy(() -> load("name,vcpu,memory_mib\nm5.large,two,8192\n", null, Map.of()))
        .isInstanceOf(CatalogException.class)
        .hasMessage("instance-types.csv:2: column 'vcpu': 'two' is not a whole number");
    assertThatThrownBy(() -> load("name,memory_mib\nm5.large,8192\n", null, Map.of()))
        .hasMessageStartingWith("instance-types.csv:1: required column 'vcpu' is missing");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    null,
                    Map.of(
                        "prices-x.csv",
                        "region,instance_type,usd_per_hour\nus-east-1,m5.large,\n")))
        .hasMessage("prices-x.csv:2: column 'usd_per_hour': value is required");
    assertThatThrownBy(
            () ->
                load(
                    TYPES,
                    null,
                    Map.of(
                        "prices-x.csv",
                        "region,instance_type,usd_per_hour,capacity_type\nus-east-1,m5.large,1,reserved\n")))
        .hasMessageContaining("prices-x.csv:2: column 'capacity_type': capacity type 'reserved'");
    assertThatThrownBy(
            () -> load("name,vcpu,memory_mib,arch\nm5.large,2,8192,sparc\n", null, Map.of()))
        .hasMessageContaining(
            "instance-types.csv:2: m5.large: architecture must be x86_64 or arm64");
  }

  @Test
  void missingDirectoryOrTypesFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("nope")))
        .hasMessageContaining("catalog directory does not exist");
    assertThatThrownBy(() -> CatalogLoader.load(dir))
        .hasMessageContaining("instance-types.csv is missing");
  }

  @Test
  void readsTheSharedReferenceData() {
    Catalog catalog = CatalogLoader.load(SharedData.require());

    assertThat(catalog.specs()).hasSizeGreaterThan(1000);
    assertThat(catalog.regions()).contains("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-2");
    Map<String, InstanceTypeInfo> byName =
        catalog.describe("us-east-1").stream()
            .collect(java.util.stream.Collectors.toMap(InstanceTypeInfo::name, t -> t));
    InstanceTypeInfo t3a = byName.get("t3a.medium");
    assertThat(t3a.allocatable().get(ResourceUnits.CPU)).isEqualTo(1930);
    assertThat(t3a.capacity().get(ResourceUnits.PODS)).isEqualTo(17);
    assertThat(t3a.offering("us-east-1a", CapacityType.ON_DEMAND).orElseThrow().pricePerHour())
        .isEqualTo(0.0376);
    assertThat(byName.get("m5.large").cheapestAvailable().orElseThrow().pricePerHour())
        .isLessThan(0.096);
    // legacy zone us-east-1e offers only a few old types
    assertThat(byName.get("m5.large").offering("us-east-1e", CapacityType.ON_DEMAND)).isEmpty();
    // us-west-2 has no on-demand table: us-east-1 prices keep the order
    InstanceTypeInfo m5west =
        catalog.describe("us-west-2").stream()
            .filter(t -> t.name().equals("m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(m5west.offering("us-west-2a", CapacityType.ON_DEMAND).orElseThrow().pricePerHour())
        .isEqualTo(0.096);
  }
}
