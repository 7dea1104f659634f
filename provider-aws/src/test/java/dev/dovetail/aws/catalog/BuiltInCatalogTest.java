package dev.dovetail.aws.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.instancetype.ResourceUnits;
import dev.dovetail.aws.testing.SharedData;
import dev.dovetail.scheduling.CapacityType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInCatalogTest {
  private final Catalog builtIn = BuiltInCatalog.get();

  @Test
  void coversTheCommonFamiliesInTheLargestRegions() {
    assertThat(builtIn.regions())
        .contains("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1");
    assertThat(builtIn.specs().keySet())
        .contains(
            "c5.large",
            "c6i.xlarge",
            "c7i.48xlarge",
            "m5.large",
            "m6i.32xlarge",
            "m7i.large",
            "r5.large",
            "r6i.large",
            "r7i.large",
            "t3.medium",
            "t3a.medium",
            "c6g.medium",
            "c7g.large",
            "m6g.large",
            "m7g.large",
            "r6g.large",
            "r7g.large",
            "g5.xlarge");
    assertThat(builtIn.source()).contains(BuiltInCatalog.DATE);
  }

  @Test
  void reproducesTheScenarioTablePrices() {
    Map<String, InstanceTypeInfo> types = byName(builtIn.describe("us-east-1"));
    assertThat(price(types, "t3a.medium")).isEqualTo(0.0376);
    assertThat(price(types, "m5.large")).isEqualTo(0.096);
    assertThat(price(types, "c5.large")).isEqualTo(0.085);
    assertThat(types.get("t3a.medium").allocatable().get(ResourceUnits.CPU)).isEqualTo(1930);
    assertThat(types.get("t3a.medium").capacity().get(ResourceUnits.PODS)).isEqualTo(17);
  }

  @Test
  void regionMultiplierRaisesPricesOutsideUsEast1() {
    Map<String, InstanceTypeInfo> eu = byName(builtIn.describe("eu-central-1"));
    assertThat(
            eu.get("m5.large")
                .offering("eu-central-1a", CapacityType.ON_DEMAND)
                .orElseThrow()
                .pricePerHour())
        .isEqualTo(0.1152);
  }

  @Test
  void matchesTheReferenceDataWithinTolerance() {
    Catalog reference = CatalogLoader.load(SharedData.require());
    List<String> specMismatches = new ArrayList<>();
    double maxPriceDeviation = 0;
    String worst = "";
    int compared = 0;
    for (InstanceTypeSpec ours : builtIn.specs().values()) {
      InstanceTypeSpec theirs = reference.spec(ours.name()).orElse(null);
      if (theirs == null) {
        specMismatches.add(ours.name() + ": not in the reference data");
        continue;
      }
      compared++;
      if (ours.vcpus() != theirs.vcpus()
          || ours.memoryMib() != theirs.memoryMib()
          || !ours.architecture().equals(theirs.architecture())
          || ours.maxEnis() != theirs.maxEnis()
          || ours.ipv4PerEni() != theirs.ipv4PerEni()
          || ours.gpuCount() != theirs.gpuCount()) {
        specMismatches.add(ours.name() + ": ours " + ours + " reference " + theirs);
      }
      double ourPrice = builtIn.priceLookup("us-east-1").onDemand(ours.name()).orElseThrow();
      double theirPrice =
          reference.priceLookup("us-east-1").onDemand(ours.name()).orElse(Double.NaN);
      if (!Double.isNaN(theirPrice)) {
        double deviation = Math.abs(ourPrice - theirPrice) / theirPrice;
        if (deviation > maxPriceDeviation) {
          maxPriceDeviation = deviation;
          worst = ours.name() + " ours " + ourPrice + " reference " + theirPrice;
        }
      }
    }
    System.out.printf(
        "built-in catalog vs reference: %d types compared, %d spec mismatches,"
            + " max us-east-1 price deviation %.2f%% (%s)%n",
        compared, specMismatches.size(), maxPriceDeviation * 100, worst);
    assertThat(specMismatches).isEmpty();
    assertThat(maxPriceDeviation).as(worst).isLessThan(0.02);
  }

  private static double price(Map<String, InstanceTypeInfo> types, String name) {
    return types
        .get(name)
        .offering("us-east-1a", CapacityType.ON_DEMAND)
        .orElseThrow()
        .pricePerHour();
  }

  private static Map<String, InstanceTypeInfo> byName(List<InstanceTypeInfo> types) {
    return types.stream()
        .collect(java.util.stream.Collectors.toMap(InstanceTypeInfo::name, t -> t));
  }

  @Test
  void producesTheEngineInstanceTypes() {
    var m5 =
        builtIn.instanceTypes("us-east-1").stream()
            .filter(t -> t.name().equals("m5.large"))
            .findFirst()
            .orElseThrow();
    assertThat(m5.allocatable().cpuMillis()).isEqualTo(1930);
    assertThat(m5.capacity().pods()).isEqualTo(29);
    assertThat(m5.requirements().get("karpenter.k8s.aws/instance-family").allows("m5")).isTrue();
    assertThat(m5.requirements().get("topology.kubernetes.io/zone").allows("us-east-1f")).isTrue();
    assertThat(m5.offerings()).hasSize(10);
    assertThat(m5.cheapestPrice(dev.dovetail.scheduling.Requirements.NONE)).hasValue(0.096);
  }
}
