package dev.dovetail.aws.catalog;

import dev.dovetail.aws.instancetype.AllocatableOverride;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.instancetype.ResourceUnits;
import dev.dovetail.scheduling.CapacityType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a catalog directory of CSV files (the columns docs/user/plan.md describes):
 *
 * <ul>
 *   <li>{@code instance-types.csv} (required): {@code name, vcpu, memory_mib} required; optional
 *       {@code arch, gpu_count, gpu_name, gpu_manufacturer, gpu_memory_mib, accelerator_count,
 *       accelerator_name, accelerator_manufacturer, local_nvme_gb, max_enis, ipv4_per_eni,
 *       branch_enis, network_bandwidth_mbps, burstable, bare_metal, hypervisor, current_generation,
 *       spot_supported, os} ({@code linux}, {@code windows} or {@code linux|windows}; linux when
 *       absent), and measured {@code allocatable_cpu} (quantity, e.g. {@code 1930m}), {@code
 *       allocatable_memory_mib}, {@code allocatable_pods} that replace the overhead model;
 *   <li>{@code offerings.csv} (optional): {@code region, zone, instance_type}, optional {@code
 *       capacity_type} (a row offers only that capacity type in the zone; without it, every
 *       capacity type the type supports);
 *   <li>{@code prices*.csv} (optional, any number): {@code region, instance_type, usd_per_hour},
 *       optional {@code zone} and {@code capacity_type}; without {@code capacity_type} a file whose
 *       name contains {@code spot} holds spot prices, any other on-demand prices.
 * </ul>
 *
 * Every error names the file, the line and the column.
 */
public final class CatalogLoader {
  public static final String INSTANCE_TYPES = "instance-types.csv";
  public static final String OFFERINGS = "offerings.csv";

  private CatalogLoader() {}

  /**
   * Loads every catalog file in a directory.
   *
   * @throws CatalogException naming the file, line and column of the first bad value
   */
  public static Catalog load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CatalogException(dir + ": catalog directory does not exist");
    }
    Path types = dir.resolve(INSTANCE_TYPES);
    if (!Files.isRegularFile(types)) {
      throw new CatalogException(dir + ": " + INSTANCE_TYPES + " is missing");
    }
    Builder builder = new Builder(dir.toString());
    builder.instanceTypes(read(types));
    Path offerings = dir.resolve(OFFERINGS);
    if (Files.isRegularFile(offerings)) {
      builder.offerings(read(offerings));
    }
    List<Path> priceFiles = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "prices*.csv")) {
      files.forEach(priceFiles::add);
    } catch (IOException e) {
      throw new CatalogException(dir + ": cannot list price files: " + e.getMessage(), e);
    }
    priceFiles.sort(null);
    for (Path p : priceFiles) {
      builder.prices(read(p));
    }
    return builder.build();
  }

  /** Reads the CSV contents given as readers; the names are used in error messages. */
  public static Catalog load(
      String source, Reader instanceTypes, Optional<Reader> offerings, Map<String, Reader> prices) {
    Builder builder = new Builder(source);
    builder.instanceTypes(CsvTable.read(INSTANCE_TYPES, instanceTypes));
    offerings.ifPresent(r -> builder.offerings(CsvTable.read(OFFERINGS, r)));
    new TreeMap<>(prices).forEach((name, r) -> builder.prices(CsvTable.read(name, r)));
    return builder.build();
  }

  private static CsvTable read(Path p) {
    try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
      return CsvTable.read(p.toString(), r);
    } catch (IOException e) {
      throw new CatalogException(p + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static final class Builder {
    private final String source;
    private final Map<String, InstanceTypeSpec> specs = new TreeMap<>();
    private final Map<String, AllocatableOverride> overrides = new HashMap<>();
    // region → type → zone → capacity types offered there
    private final Map<String, Map<String, Map<String, Set<CapacityType>>>> offerings =
        new TreeMap<>();
    private final Map<Catalog.PriceKey, Double> prices = new HashMap<>();
    // where each row was first seen, to name both places of a duplicate
    private final Map<Object, String> firstSeen = new HashMap<>();

    Builder(String source) {
      this.source = source;
    }

    void instanceTypes(CsvTable table) {
      table.requireColumns("name", "vcpu", "memory_mib");
      for (CsvTable.Row row : table.rows()) {
        String name = row.required("name");
        InstanceTypeSpec spec;
        try {
          spec =
              new InstanceTypeSpec(
                  name,
                  Math.toIntExact(row.requiredLong("vcpu")),
                  row.requiredLong("memory_mib"),
                  row.optional("arch").orElse("x86_64"),
                  intOf(row, "gpu_count"),
                  row.optional("gpu_name").orElse(""),
                  row.optional("gpu_manufacturer").orElse(""),
                  row.optionalLong("gpu_memory_mib").orElse(0L),
                  intOf(row, "accelerator_count"),
                  row.optional("accelerator_name").orElse(""),
                  row.optional("accelerator_manufacturer").orElse(""),
                  row.optionalLong("local_nvme_gb").orElse(0L),
                  intOf(row, "max_enis"),
                  intOf(row, "ipv4_per_eni"),
                  intOf(row, "branch_enis"),
                  row.optionalLong("network_bandwidth_mbps"),
                  row.optionalBoolean("burstable").orElse(false),
                  row.optionalBoolean("bare_metal").orElse(false),
                  row.optional("hypervisor").orElse(""),
                  row.optionalBoolean("current_generation").orElse(true),
                  row.optionalBoolean("spot_supported").orElse(true),
                  operatingSystems(row));
        } catch (IllegalArgumentException e) {
          throw new CatalogException(table.file() + ":" + row.line() + ": " + e.getMessage(), e);
        }
        once(table, row, "name", "instance type '" + name + "'", List.of("type", name));
        specs.put(name, spec);
        Optional<Long> cpu =
            row.optional("allocatable_cpu")
                .map(
                    v -> {
                      try {
                        return ResourceUnits.parse(ResourceUnits.CPU, v);
                      } catch (IllegalArgumentException e) {
                        throw row.error("allocatable_cpu", "'" + v + "' is not a cpu quantity");
                      }
                    });
        AllocatableOverride o =
            new AllocatableOverride(
                cpu,
                row.optionalLong("allocatable_memory_mib"),
                row.optionalLong("allocatable_pods"));
        if (!o.isEmpty()) {
          overrides.put(name, o);
        }
      }
    }

    void offerings(CsvTable table) {
      table.requireColumns("region", "zone", "instance_type");
      for (CsvTable.Row row : table.rows()) {
        String region = row.required("region");
        String type = row.required("instance_type");
        String zone = row.required("zone");
        Optional<CapacityType> capacityType =
            row.optional("capacity_type").map(v -> capacityType(row, v));
        once(
            table,
            row,
            "zone",
            "offering of "
                + type
                + " in "
                + zone
                + " ("
                + region
                + capacityType.map(c -> ", " + c.label()).orElse("")
                + ")",
            List.of("offering", region, type, zone, capacityType.map(Enum::name).orElse("")));
        offerings
            .computeIfAbsent(region, r -> new TreeMap<>())
            .computeIfAbsent(type, t -> new TreeMap<>())
            .computeIfAbsent(zone, z -> EnumSet.noneOf(CapacityType.class))
            .addAll(capacityType.map(EnumSet::of).orElse(EnumSet.allOf(CapacityType.class)));
      }
    }

    void prices(CsvTable table) {
      table.requireColumns("region", "instance_type", "usd_per_hour");
      String fileName = Path.of(table.file()).getFileName().toString();
      CapacityType fileDefault =
          fileName.contains("spot") ? CapacityType.SPOT : CapacityType.ON_DEMAND;
      for (CsvTable.Row row : table.rows()) {
        CapacityType capacityType =
            row.optional("capacity_type").map(v -> capacityType(row, v)).orElse(fileDefault);
        double price =
            row.optionalDouble("usd_per_hour")
                .orElseThrow(() -> row.error("usd_per_hour", "value is required"));
        Catalog.PriceKey key =
            new Catalog.PriceKey(
                row.required("region"),
                row.optional("zone").orElse(""),
                row.required("instance_type"),
                capacityType);
        once(
            table,
            row,
            "usd_per_hour",
            "the "
                + capacityType.label()
                + " price of "
                + key.instanceType()
                + " in "
                + (key.zone().isEmpty() ? key.region() : key.zone()),
            key);
        prices.put(key, price);
      }
    }

    /** Records where {@code key} is defined; a second definition names both places. */
    private void once(CsvTable table, CsvTable.Row row, String column, String what, Object key) {
      String here = table.file() + ":" + row.line();
      String first = firstSeen.putIfAbsent(key, here);
      if (first != null) {
        throw row.error(column, what + " is defined twice: at " + first + " and here");
      }
    }

    Catalog build() {
      return Catalog.withCapacityTypes(source, specs, overrides, offerings, prices);
    }

    private static CapacityType capacityType(CsvTable.Row row, String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "spot" -> CapacityType.SPOT;
        case "on-demand", "ondemand" -> CapacityType.ON_DEMAND;
        default ->
            throw row.error(
                "capacity_type", "capacity type '" + value + "' is not one of spot, on-demand");
      };
    }

    /** {@code linux}, {@code windows}, or both separated by {@code |}; linux when absent. */
    private static SortedSet<String> operatingSystems(CsvTable.Row row) {
      SortedSet<String> out = new TreeSet<>();
      for (String os : row.optional("os").orElse("linux").split("[|;/ ]+")) {
        String value = os.trim().toLowerCase(Locale.ROOT);
        if (!value.equals("linux") && !value.equals("windows")) {
          throw row.error("os", "'" + os + "' is not linux or windows (both: linux|windows)");
        }
        out.add(value);
      }
      return out;
    }

    private static int intOf(CsvTable.Row row, String column) {
      long v = row.optionalLong(column).orElse(0L);
      if (v > Integer.MAX_VALUE) {
        throw row.error(column, "'" + v + "' is too large");
      }
      return (int) v;
    }
  }
}
