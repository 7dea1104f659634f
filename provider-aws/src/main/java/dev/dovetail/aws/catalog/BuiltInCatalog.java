package dev.dovetail.aws.catalog;

import dev.dovetail.aws.instancetype.AllocatableOverride;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.scheduling.CapacityType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Dovetail's own compact catalog of common current EC2 families in the largest regions, written
 * from AWS's public specification rules rather than copied from any table:
 *
 * <ul>
 *   <li>vCPUs from the size ({@code large} = 2, {@code xlarge} = 4, {@code Nxlarge} = 4N, {@code
 *       medium} = 1 on Graviton); memory from the family's GiB per vCPU (c 2, m 4, r 8);
 *   <li>ENIs × IPv4 per ENI from the size band of Nitro instances (large 3×10, xlarge/2xlarge 4×15,
 *       4xlarge–12xlarge 8×30, 16xlarge and up 15×50, medium 2×4); burstable t3/t3a per size;
 *   <li>on-demand Linux price = the family's us-east-1 rate per vCPU-hour (per GiB-hour for t3/t3a,
 *       per size for g5) × the region's multiplier.
 * </ul>
 *
 * Spot prices are not part of it: spot offerings are priced at on-demand until real spot prices are
 * known. Of the metal sizes only c5/m5/r5.metal are included. Every family is offered in every
 * listed zone of a region, which is a simplification of EC2's per-zone offerings. {@link #DATE}
 * says when the rates were last reviewed.
 */
public final class BuiltInCatalog {
  /** When the rates and region multipliers were last reviewed. */
  public static final String DATE = "2026-11-22";

  /** Region → zones. us-east-1e is left out: it only offers old generations. */
  public static final Map<String, List<String>> ZONES = zones();

  /** Region → on-demand price multiplier relative to us-east-1. */
  public static final Map<String, Double> REGION_MULTIPLIER =
      Map.ofEntries(
          Map.entry("us-east-1", 1.0),
          Map.entry("us-east-2", 1.0),
          Map.entry("us-west-2", 1.0),
          Map.entry("eu-west-1", 1.115),
          Map.entry("eu-west-2", 1.16),
          Map.entry("eu-central-1", 1.2),
          Map.entry("ap-northeast-1", 1.29),
          Map.entry("ap-northeast-2", 1.23),
          Map.entry("ap-southeast-1", 1.25),
          Map.entry("ap-south-1", 1.05));

  private record Family(
      String name, String arch, int gibPerVcpu, double ratePerVcpuHour, List<String> sizes) {}

  private static final List<String> GRAVITON =
      List.of("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");
  private static final List<String> GEN5 =
      List.of(
          "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge");
  private static final List<String> GEN6 =
      List.of(
          "large",
          "xlarge",
          "2xlarge",
          "4xlarge",
          "8xlarge",
          "12xlarge",
          "16xlarge",
          "24xlarge",
          "32xlarge");
  private static final List<String> GEN7 =
      List.of(
          "large",
          "xlarge",
          "2xlarge",
          "4xlarge",
          "8xlarge",
          "12xlarge",
          "16xlarge",
          "24xlarge",
          "48xlarge");

  private static final List<Family> FAMILIES =
      List.of(
          new Family(
              "c5",
              "x86_64",
              2,
              0.0425,
              List.of(
                  "large",
                  "xlarge",
                  "2xlarge",
                  "4xlarge",
                  "9xlarge",
                  "12xlarge",
                  "18xlarge",
                  "24xlarge")),
          new Family("c6i", "x86_64", 2, 0.0425, GEN6),
          new Family("c7i", "x86_64", 2, 0.044625, GEN7),
          new Family("m5", "x86_64", 4, 0.048, GEN5),
          new Family("m6i", "x86_64", 4, 0.048, GEN6),
          new Family("m7i", "x86_64", 4, 0.0504, GEN7),
          new Family("r5", "x86_64", 8, 0.063, GEN5),
          new Family("r6i", "x86_64", 8, 0.063, GEN6),
          new Family("r7i", "x86_64", 8, 0.06615, GEN7),
          new Family("c6g", "arm64", 2, 0.034, GRAVITON),
          new Family("c7g", "arm64", 2, 0.03625, GRAVITON),
          new Family("m6g", "arm64", 4, 0.0385, GRAVITON),
          new Family("m7g", "arm64", 4, 0.0408, GRAVITON),
          new Family("r6g", "arm64", 8, 0.0504, GRAVITON),
          new Family("r7g", "arm64", 8, 0.05355, GRAVITON));

  /** Burstable sizes: vCPUs, MiB, ENIs, IPv4 per ENI. */
  private static final Map<String, int[]> BURSTABLE =
      orderedOf(
          "nano", new int[] {2, 512, 2, 2},
          "micro", new int[] {2, 1024, 2, 2},
          "small", new int[] {2, 2048, 3, 4},
          "medium", new int[] {2, 4096, 3, 6},
          "large", new int[] {2, 8192, 3, 12},
          "xlarge", new int[] {4, 16384, 4, 15},
          "2xlarge", new int[] {8, 32768, 4, 15});

  /** t3/t3a are priced per GiB-hour in us-east-1. */
  private static final Map<String, Double> BURSTABLE_RATE_PER_GIB =
      Map.of("t3", 0.0104, "t3a", 0.0094);

  /** g5: vCPUs, GiB, GPUs, local NVMe GB, ENIs, IPv4 per ENI, us-east-1 price in 1/1000 cents. */
  private static final Map<String, long[]> G5 =
      orderedOf(
          "xlarge", new long[] {4, 16, 1, 250, 4, 15, 1_006_000},
          "2xlarge", new long[] {8, 32, 1, 450, 4, 15, 1_212_000},
          "4xlarge", new long[] {16, 64, 1, 600, 8, 30, 1_624_000},
          "8xlarge", new long[] {32, 128, 1, 900, 8, 30, 2_448_000},
          "12xlarge", new long[] {48, 192, 4, 3800, 15, 50, 5_672_000},
          "16xlarge", new long[] {64, 256, 1, 1900, 8, 30, 4_096_000},
          "24xlarge", new long[] {96, 384, 4, 3800, 15, 50, 8_144_000},
          "48xlarge", new long[] {192, 768, 8, 7600, 7, 50, 16_288_000});

  private static final long G5_GPU_MEMORY_MIB = 22888;

  private static volatile Catalog instance;

  private BuiltInCatalog() {}

  /** The built-in catalog (built once). */
  public static Catalog get() {
    Catalog c = instance;
    if (c == null) {
      synchronized (BuiltInCatalog.class) {
        c = instance;
        if (c == null) {
          c = build();
          instance = c;
        }
      }
    }
    return c;
  }

  private static Catalog build() {
    Map<String, InstanceTypeSpec> specs = new TreeMap<>();
    Map<String, Double> usEast1 = new TreeMap<>();
    for (Family f : FAMILIES) {
      for (String size : f.sizes()) {
        int vcpus = vcpus(size);
        int[] enis = enis(size);
        InstanceTypeSpec spec =
            InstanceTypeSpec.builder(
                    f.name() + "." + size, vcpus, (long) vcpus * f.gibPerVcpu() * 1024)
                .architecture(f.arch())
                .enis(enis[0], enis[1])
                .build();
        specs.put(spec.name(), spec);
        usEast1.put(spec.name(), vcpus * f.ratePerVcpuHour());
      }
    }
    BURSTABLE_RATE_PER_GIB.forEach(
        (family, rate) ->
            BURSTABLE.forEach(
                (size, v) -> {
                  InstanceTypeSpec spec =
                      InstanceTypeSpec.builder(family + "." + size, v[0], v[1])
                          // t3a.small is the one size whose ENI count differs from t3
                          .enis(family.equals("t3a") && size.equals("small") ? 2 : v[2], v[3])
                          .burstable(true)
                          .build();
                  specs.put(spec.name(), spec);
                  usEast1.put(spec.name(), v[1] / 1024.0 * rate);
                }));
    G5.forEach(
        (size, v) -> {
          InstanceTypeSpec spec =
              InstanceTypeSpec.builder("g5." + size, (int) v[0], v[1] * 1024)
                  .gpus((int) v[2], "A10G", "NVIDIA", G5_GPU_MEMORY_MIB)
                  .localNvmeGb(v[3])
                  .enis((int) v[4], (int) v[5])
                  .build();
          specs.put(spec.name(), spec);
          usEast1.put(spec.name(), v[6] / 1_000_000.0);
        });

    // metal sizes of the gen-5 Intel families: 96 vCPUs, family memory, 15 × 50 ENIs
    Map<String, Double> metal = Map.of("c5", 4.08, "m5", 4.608, "r5", 6.048);
    metal.forEach(
        (family, price) -> {
          int gib = family.equals("c5") ? 2 : family.equals("m5") ? 4 : 8;
          InstanceTypeSpec spec =
              InstanceTypeSpec.builder(family + ".metal", 96, 96L * gib * 1024)
                  .enis(15, 50)
                  .bareMetal(true)
                  .build();
          specs.put(spec.name(), spec);
          usEast1.put(spec.name(), price);
        });

    Map<String, Map<String, SortedSet<String>>> offerings = new TreeMap<>();
    Map<Catalog.PriceKey, Double> prices = new LinkedHashMap<>();
    ZONES.forEach(
        (region, zones) -> {
          Map<String, SortedSet<String>> byType = new TreeMap<>();
          for (String type : specs.keySet()) {
            byType.put(type, new TreeSet<>(zones));
            prices.put(
                new Catalog.PriceKey(region, "", type, CapacityType.ON_DEMAND),
                round(usEast1.get(type) * REGION_MULTIPLIER.get(region)));
          }
          offerings.put(region, byType);
        });
    return new Catalog(
        "built-in catalog " + DATE,
        specs,
        Map.<String, AllocatableOverride>of(),
        offerings,
        prices);
  }

  static int vcpus(String size) {
    return switch (size) {
      case "medium" -> 1;
      case "large" -> 2;
      case "xlarge" -> 4;
      default -> 4 * Integer.parseInt(size.substring(0, size.indexOf("xlarge")));
    };
  }

  /** Nitro ENI limits by size band: {ENIs, IPv4 per ENI}. */
  static int[] enis(String size) {
    int vcpus = vcpus(size);
    if (vcpus == 1) {
      return new int[] {2, 4};
    } else if (vcpus == 2) {
      return new int[] {3, 10};
    } else if (vcpus <= 8) {
      return new int[] {4, 15};
    } else if (vcpus <= 48) {
      return new int[] {8, 30};
    }
    return new int[] {15, 50};
  }

  private static double round(double price) {
    return BigDecimal.valueOf(price).setScale(6, RoundingMode.HALF_UP).doubleValue();
  }

  private static Map<String, List<String>> zones() {
    Map<String, List<String>> z = new TreeMap<>();
    z.put(
        "us-east-1", List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"));
    z.put("us-east-2", List.of("us-east-2a", "us-east-2b", "us-east-2c"));
    z.put("us-west-2", List.of("us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"));
    z.put("eu-west-1", List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"));
    z.put("eu-west-2", List.of("eu-west-2a", "eu-west-2b", "eu-west-2c"));
    z.put("eu-central-1", List.of("eu-central-1a", "eu-central-1b", "eu-central-1c"));
    z.put("ap-northeast-1", List.of("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"));
    z.put(
        "ap-northeast-2",
        List.of("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"));
    z.put("ap-southeast-1", List.of("ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"));
    z.put("ap-south-1", List.of("ap-south-1a", "ap-south-1b", "ap-south-1c"));
    return java.util.Collections.unmodifiableMap(z);
  }

  private static <V> Map<String, V> orderedOf(Object... kv) {
    Map<String, V> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      @SuppressWarnings("unchecked")
      V v = (V) kv[i + 1];
      m.put((String) kv[i], v);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
