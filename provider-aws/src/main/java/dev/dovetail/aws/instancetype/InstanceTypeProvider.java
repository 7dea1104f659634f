package dev.dovetail.aws.instancetype;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.cache.CacheTtls;
import dev.dovetail.aws.cache.TtlCache;
import dev.dovetail.scheduling.InstanceType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LocationType;

/**
 * Instance types from DescribeInstanceTypes (hvm, x86_64 and arm64) and
 * DescribeInstanceTypeOfferings for the zones of a node class's subnets, turned into {@link
 * InstanceTypeInfo} with capacity, overhead, labels and priced offerings. Types not offered in any
 * of the zones are dropped; types whose offerings are all unavailable are kept.
 *
 * <p>Caches (all {@link #TTL} on the injected clock): the EC2 type list, the offerings per zone
 * set, and the built list keyed by the type-list generation, the unavailable-offerings sequence
 * number, the zones, the AMI family and the kubelet settings.
 */
public final class InstanceTypeProvider {
  /** How long EC2 answers and built lists are reused. */
  public static final Duration TTL = CacheTtls.INSTANCE_TYPES;

  private record ListKey(
      long typesGeneration,
      long unavailableSequence,
      Set<String> zones,
      AmiFamily family,
      String kubelet) {}

  /** A built list and the engine's view of it, converted once. */
  private record Listing(List<InstanceTypeInfo> types, List<InstanceType> engineTypes) {
    static Listing of(List<InstanceTypeInfo> types) {
      return new Listing(types, types.stream().map(InstanceTypeInfo::toInstanceType).toList());
    }
  }

  private final Ec2Client ec2;
  private final String region;
  private final PriceLookup prices;
  private final UnavailableOfferings unavailable;
  private final InstanceTypeAssembler assembler;
  private final TtlCache<String, List<InstanceTypeSpec>> specs;
  private final TtlCache<Set<String>, Map<String, Set<String>>> offerings;
  private final TtlCache<ListKey, Listing> lists;
  private final AtomicLong typesGeneration = new AtomicLong();

  public InstanceTypeProvider(
      Ec2Client ec2,
      String region,
      PriceLookup prices,
      UnavailableOfferings unavailable,
      CapacitySettings settings,
      Clock clock) {
    this.ec2 = ec2;
    this.region = region;
    this.prices = prices;
    this.unavailable = unavailable;
    this.assembler = new InstanceTypeAssembler(new CapacityModel(settings));
    this.specs = new TtlCache<>(clock, TTL);
    this.offerings = new TtlCache<>(clock, TTL);
    this.lists = new TtlCache<>(clock, TTL);
  }

  public CapacityModel model() {
    return assembler.model();
  }

  /** Every instance type offered in at least one of the zones, sorted by name. */
  public List<InstanceTypeInfo> list(Set<String> zones, AmiFamily family, KubeletConfig kubelet) {
    return listing(zones, family, kubelet).types();
  }

  /** The engine's view of {@link #list}, in the same order. */
  public List<InstanceType> engineTypes(
      Set<String> zones, AmiFamily family, KubeletConfig kubelet) {
    return listing(zones, family, kubelet).engineTypes();
  }

  private Listing listing(Set<String> zones, AmiFamily family, KubeletConfig kubelet) {
    List<InstanceTypeSpec> all = specs();
    Set<String> zoneSet = Set.copyOf(new TreeSet<>(zones));
    ListKey key =
        new ListKey(
            typesGeneration.get(), unavailable.sequence(), zoneSet, family, kubelet.canonical());
    return lists.get(key, () -> Listing.of(build(all, zoneSet, family, kubelet)));
  }

  private List<InstanceTypeInfo> build(
      List<InstanceTypeSpec> all, Set<String> zones, AmiFamily family, KubeletConfig kubelet) {
    Map<String, Set<String>> offered = offerings(zones);
    List<InstanceTypeInfo> result = new ArrayList<>();
    for (InstanceTypeSpec spec : all) {
      Set<String> typeZones = offered.get(spec.name());
      if (typeZones == null || typeZones.isEmpty()) {
        continue;
      }
      result.add(
          assembler.assemble(
              spec,
              region,
              typeZones,
              prices,
              unavailable,
              family,
              kubelet,
              AllocatableOverride.NONE));
    }
    return List.copyOf(result);
  }

  /** The EC2 facts of every hvm x86_64/arm64 type. */
  public List<InstanceTypeSpec> specs() {
    return specs.get(
        "all",
        () -> {
          List<InstanceTypeSpec> list = new ArrayList<>();
          ec2.describeInstanceTypesPaginator(
                  DescribeInstanceTypesRequest.builder()
                      .filters(
                          Filter.builder()
                              .name("supported-virtualization-type")
                              .values("hvm")
                              .build(),
                          Filter.builder()
                              .name("processor-info.supported-architecture")
                              .values("x86_64", "arm64")
                              .build())
                      .build())
              .instanceTypes()
              .forEach(i -> list.add(Ec2InstanceTypes.toSpec(i)));
          list.sort(java.util.Comparator.comparing(InstanceTypeSpec::name));
          typesGeneration.incrementAndGet();
          return List.copyOf(list);
        });
  }

  /** Instance type → zones (among the given ones) where EC2 offers it. */
  public Map<String, Set<String>> offerings(Set<String> zones) {
    return offerings.get(
        zones,
        () -> {
          Map<String, Set<String>> byType = new HashMap<>();
          if (zones.isEmpty()) {
            return byType;
          }
          ec2.describeInstanceTypeOfferingsPaginator(
                  DescribeInstanceTypeOfferingsRequest.builder()
                      .locationType(LocationType.AVAILABILITY_ZONE)
                      .filters(Filter.builder().name("location").values(zones).build())
                      .build())
              .instanceTypeOfferings()
              .forEach(
                  o ->
                      byType
                          .computeIfAbsent(o.instanceTypeAsString(), k -> new TreeSet<>())
                          .add(o.location()));
          Map<String, Set<String>> frozen = new HashMap<>();
          byType.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
          return Map.copyOf(frozen);
        });
  }
}
