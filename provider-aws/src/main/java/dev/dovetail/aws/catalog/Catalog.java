package dev.dovetail.aws.catalog;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.instancetype.AllocatableOverride;
import dev.dovetail.aws.instancetype.CapacityModel;
import dev.dovetail.aws.instancetype.CapacitySettings;
import dev.dovetail.aws.instancetype.InstanceTypeAssembler;
import dev.dovetail.aws.instancetype.InstanceTypeAssembler.UnavailableOfferings;
import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.aws.instancetype.PriceLookup;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Instance types, zonal offerings and prices, as read from CSV files ({@link CatalogLoader}) or the
 * built-in catalog. Immutable. Produces {@link InstanceTypeInfo} for a region.
 *
 * <p>Rules: a type is offered in a region's zones as listed in the offerings, as every capacity
 * type it supports unless the offerings name the capacity types of a zone; without offerings every
 * type is offered in every known zone of the region. A spot offering without its own price is
 * priced at on-demand. A region without its own on-demand price for a type uses the us-east-1 price
 * (which keeps the relative order, as upstream's static table does).
 */
public final class Catalog {
  /** Region used for prices when a region has none of its own. */
  public static final String FALLBACK_PRICE_REGION = "us-east-1";

  private final String source;
  private final Map<String, InstanceTypeSpec> specs;
  private final Map<String, AllocatableOverride> overrides;
  private final Map<String, Map<String, SortedSet<String>>> offerings;
  // (region, type, zone) → the only capacity types offered there; absent: every one
  private final Map<List<String>, Set<CapacityType>> capacityTypes;
  private final Map<PriceKey, Double> prices;

  /** Price of one (region, zone or "" for the whole region, type, capacity type). */
  public record PriceKey(
      String region, String zone, String instanceType, CapacityType capacityType) {}

  /**
   * @param source where the catalog came from, for messages
   * @param specs instance types by name
   * @param overrides measured allocatable values by type name
   * @param offerings region → type → zones; empty when no offerings are known
   * @param prices USD per hour
   */
  public Catalog(
      String source,
      Map<String, InstanceTypeSpec> specs,
      Map<String, AllocatableOverride> overrides,
      Map<String, Map<String, SortedSet<String>>> offerings,
      Map<PriceKey, Double> prices) {
    this(source, specs, overrides, offerings, Map.of(), prices);
  }

  private Catalog(
      String source,
      Map<String, InstanceTypeSpec> specs,
      Map<String, AllocatableOverride> overrides,
      Map<String, Map<String, SortedSet<String>>> offerings,
      Map<List<String>, Set<CapacityType>> capacityTypes,
      Map<PriceKey, Double> prices) {
    this.source = source;
    this.capacityTypes = Map.copyOf(capacityTypes);
    this.specs = Collections.unmodifiableMap(new TreeMap<>(specs));
    this.overrides = Map.copyOf(overrides);
    Map<String, Map<String, SortedSet<String>>> copy = new TreeMap<>();
    offerings.forEach(
        (region, byType) -> {
          Map<String, SortedSet<String>> types = new TreeMap<>();
          byType.forEach(
              (t, zones) -> types.put(t, Collections.unmodifiableSortedSet(new TreeSet<>(zones))));
          copy.put(region, Collections.unmodifiableMap(types));
        });
    this.offerings = Collections.unmodifiableMap(copy);
    this.prices = Map.copyOf(prices);
  }

  /**
   * A catalog whose offerings name the capacity types of each zone.
   *
   * @param offerings region → type → zone → the capacity types offered there
   */
  public static Catalog withCapacityTypes(
      String source,
      Map<String, InstanceTypeSpec> specs,
      Map<String, AllocatableOverride> overrides,
      Map<String, Map<String, Map<String, Set<CapacityType>>>> offerings,
      Map<PriceKey, Double> prices) {
    Map<String, Map<String, SortedSet<String>>> zones = new TreeMap<>();
    Map<List<String>, Set<CapacityType>> restricted = new java.util.HashMap<>();
    offerings.forEach(
        (region, byType) ->
            byType.forEach(
                (type, byZone) ->
                    byZone.forEach(
                        (zone, offered) -> {
                          zones
                              .computeIfAbsent(region, r -> new TreeMap<>())
                              .computeIfAbsent(type, t -> new TreeSet<>())
                              .add(zone);
                          if (!offered.containsAll(EnumSet.allOf(CapacityType.class))) {
                            restricted.put(
                                List.of(region, type, zone),
                                Collections.unmodifiableSet(EnumSet.copyOf(offered)));
                          }
                        })));
    return new Catalog(source, specs, overrides, zones, restricted, prices);
  }

  public String source() {
    return source;
  }

  public Map<String, InstanceTypeSpec> specs() {
    return specs;
  }

  public Optional<InstanceTypeSpec> spec(String name) {
    return Optional.ofNullable(specs.get(name));
  }

  public AllocatableOverride override(String name) {
    return overrides.getOrDefault(name, AllocatableOverride.NONE);
  }

  public Map<PriceKey, Double> prices() {
    return prices;
  }

  /** Regions named by offerings or prices, sorted. */
  public SortedSet<String> regions() {
    SortedSet<String> regions = new TreeSet<>(offerings.keySet());
    prices.keySet().forEach(k -> regions.add(k.region()));
    return Collections.unmodifiableSortedSet(regions);
  }

  /** us-east-1 when the catalog knows it, else its first region, else us-east-1. */
  public String defaultRegion() {
    SortedSet<String> regions = regions();
    return regions.contains(FALLBACK_PRICE_REGION) || regions.isEmpty()
        ? FALLBACK_PRICE_REGION
        : regions.first();
  }

  /** Whether offerings are known for the region. */
  public boolean hasOfferings(String region) {
    return offerings.containsKey(region);
  }

  /** The zones of a region: from offerings, else from zonal prices, else {@code <region>a..c}. */
  public SortedSet<String> zones(String region) {
    SortedSet<String> zones = new TreeSet<>();
    Map<String, SortedSet<String>> byType = offerings.get(region);
    if (byType != null) {
      byType.values().forEach(zones::addAll);
    } else {
      prices.keySet().stream()
          .filter(k -> k.region().equals(region) && !k.zone().isEmpty())
          .forEach(k -> zones.add(k.zone()));
      if (zones.isEmpty()) {
        zones.addAll(List.of(region + "a", region + "b", region + "c"));
      }
    }
    return Collections.unmodifiableSortedSet(zones);
  }

  /** The zones of the region where a type is offered. */
  public Set<String> zonesOffering(String region, String instanceType) {
    Map<String, SortedSet<String>> byType = offerings.get(region);
    if (byType == null) {
      return zones(region);
    }
    return byType.getOrDefault(instanceType, Collections.emptySortedSet());
  }

  /**
   * Whether the type is offered as {@code capacityType} in the zone, given that it is offered there
   * at all (see {@link #zonesOffering}); spot also needs the type to support spot.
   */
  public boolean offers(
      String region, String instanceType, String zone, CapacityType capacityType) {
    Set<CapacityType> only = capacityTypes.get(List.of(region, instanceType, zone));
    return only == null || only.contains(capacityType);
  }

  /** Prices of one region under this catalog's rules. */
  public PriceLookup priceLookup(String region) {
    return new PriceLookup() {
      @Override
      public Optional<Double> onDemand(String type) {
        return find(region, "", type, CapacityType.ON_DEMAND)
            .or(() -> find(FALLBACK_PRICE_REGION, "", type, CapacityType.ON_DEMAND));
      }

      @Override
      public Optional<Double> spot(String type, String zone) {
        return find(region, zone, type, CapacityType.SPOT)
            .or(() -> find(region, "", type, CapacityType.SPOT))
            .or(() -> onDemand(type));
      }
    };
  }

  private Optional<Double> find(String region, String zone, String type, CapacityType c) {
    return Optional.ofNullable(prices.get(new PriceKey(region, zone, type, c)));
  }

  /**
   * The engine's instance types offered in the region, with the upstream defaults (AL2, no kubelet
   * overrides, default settings), sorted by name.
   */
  public List<InstanceType> instanceTypes(String region) {
    return describe(region).stream().map(InstanceTypeInfo::toInstanceType).toList();
  }

  /** Instance types offered in the region with the upstream defaults, sorted by name. */
  public List<InstanceTypeInfo> describe(String region) {
    return describe(
        region,
        AmiFamily.AL2,
        KubeletConfig.DEFAULTS,
        CapacitySettings.DEFAULTS,
        UnavailableOfferings.NONE);
  }

  /** Instance types offered in the region, sorted by name. */
  public List<InstanceTypeInfo> describe(
      String region,
      AmiFamily family,
      KubeletConfig kubelet,
      CapacitySettings settings,
      UnavailableOfferings unavailable) {
    InstanceTypeAssembler assembler = new InstanceTypeAssembler(new CapacityModel(settings));
    PriceLookup lookup = priceLookup(region);
    List<InstanceTypeInfo> result = new ArrayList<>();
    for (InstanceTypeSpec spec : specs.values()) {
      Set<String> zones = zonesOffering(region, spec.name());
      if (zones.isEmpty()) {
        continue;
      }
      result.add(
          assembler.assemble(
              spec,
              region,
              zones,
              (zone, capacityType) -> offers(region, spec.name(), zone, capacityType),
              lookup,
              unavailable,
              family,
              kubelet,
              override(spec.name())));
    }
    return List.copyOf(result);
  }
}
