package dev.dovetail.aws.catalog.generator;

import dev.dovetail.aws.catalog.CatalogLoader;
import dev.dovetail.aws.instancetype.CapacitySettings;
import dev.dovetail.aws.instancetype.InstanceTypeProvider;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.aws.pricing.PricingProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.pricing.PricingClient;

/**
 * Writes a catalog directory ({@code instance-types.csv}, {@code offerings.csv}, {@code
 * prices-ondemand.csv}, {@code prices-spot.csv}, the columns {@link CatalogLoader} reads) from the
 * live EC2 and Pricing APIs of one region, through the same providers the controller uses.
 */
public final class CatalogGenerator {
  /** Counts of what was written. */
  public record Summary(int instanceTypes, int offerings, int onDemandPrices, int spotPrices) {}

  private final Ec2Client ec2;
  private final PricingClient pricing;
  private final Clock clock;

  public CatalogGenerator(Ec2Client ec2, PricingClient pricing, Clock clock) {
    this.ec2 = ec2;
    this.pricing = pricing;
    this.clock = clock;
  }

  /**
   * Fetches and writes the catalog of a region.
   *
   * @throws IllegalStateException when an API answers with nothing usable (named in the message)
   */
  public Summary generate(String region, Path output) {
    PricingProvider prices = new PricingProvider(ec2, pricing, region, false, clock);
    InstanceTypeProvider types =
        new InstanceTypeProvider(
            ec2, region, prices, new UnavailableOfferings(clock), CapacitySettings.DEFAULTS, clock);
    List<InstanceTypeSpec> specs = types.specs();
    if (specs.isEmpty()) {
      throw new IllegalStateException(
          "DescribeInstanceTypes returned no instance type in " + region);
    }
    Set<String> zones = new TreeSet<>();
    ec2.describeAvailabilityZones(
            DescribeAvailabilityZonesRequest.builder()
                .filters(Filter.builder().name("zone-type").values("availability-zone").build())
                .build())
        .availabilityZones()
        .forEach(z -> zones.add(z.zoneName()));
    Map<String, Set<String>> offerings = new TreeMap<>(types.offerings(zones));
    try {
      prices.updateOnDemand();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "on-demand prices for " + region + " from the AWS Pricing API: " + e.getMessage(), e);
    }
    try {
      prices.updateSpot();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "spot prices for " + region + " from DescribeSpotPriceHistory: " + e.getMessage(), e);
    }
    try {
      Files.createDirectories(output);
      writeTypes(output.resolve(CatalogLoader.INSTANCE_TYPES), specs);
      int offeringRows = 0;
      List<String> rows = new ArrayList<>();
      for (var e : offerings.entrySet()) {
        for (String zone : e.getValue()) {
          rows.add(region + "," + zone + "," + e.getKey());
          offeringRows++;
        }
      }
      rows.sort(null);
      write(output.resolve(CatalogLoader.OFFERINGS), "region,zone,instance_type", rows);
      List<String> onDemand = new ArrayList<>();
      new TreeMap<>(prices.onDemandPrices())
          .forEach((t, p) -> onDemand.add(region + "," + t + "," + price(p)));
      write(output.resolve("prices-ondemand.csv"), "region,instance_type,usd_per_hour", onDemand);
      List<String> spot = new ArrayList<>();
      new TreeMap<>(prices.spotPrices())
          .forEach(
              (t, byZone) ->
                  new TreeMap<>(byZone)
                      .forEach((z, p) -> spot.add(region + "," + z + "," + t + "," + price(p))));
      write(output.resolve("prices-spot.csv"), "region,zone,instance_type,usd_per_hour", spot);
      return new Summary(specs.size(), offeringRows, onDemand.size(), spot.size());
    } catch (IOException e) {
      throw new UncheckedIOException(output + ": cannot write the catalog: " + e.getMessage(), e);
    }
  }

  private static String price(double p) {
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.6f", p))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static void writeTypes(Path file, List<InstanceTypeSpec> specs) throws IOException {
    List<String> rows = new ArrayList<>();
    for (InstanceTypeSpec s : specs) {
      rows.add(
          String.join(
              ",",
              s.name(),
              s.family(),
              s.category(),
              s.generation(),
              s.size(),
              Integer.toString(s.vcpus()),
              Long.toString(s.memoryMib()),
              s.architecture(),
              Integer.toString(s.gpuCount()),
              clean(s.gpuName()),
              clean(s.gpuManufacturer()),
              s.gpuCount() > 0 ? Long.toString(s.gpuMemoryMib()) : "",
              Integer.toString(s.acceleratorCount()),
              Long.toString(s.localNvmeGb()),
              Integer.toString(s.maxEnis()),
              Integer.toString(s.ipv4PerEni()),
              Boolean.toString(s.burstable()),
              Boolean.toString(s.bareMetal()),
              s.hypervisor(),
              Boolean.toString(s.currentGeneration()),
              s.networkBandwidthMbps().map(String::valueOf).orElse(""),
              clean(s.acceleratorName()),
              clean(s.acceleratorManufacturer()),
              Boolean.toString(s.spotSupported())));
    }
    write(
        file,
        "name,family,category,generation,size,vcpu,memory_mib,arch,gpu_count,gpu_name,"
            + "gpu_manufacturer,gpu_memory_mib,accelerator_count,local_nvme_gb,max_enis,ipv4_per_eni,"
            + "burstable,bare_metal,hypervisor,current_generation,network_bandwidth_mbps,"
            + "accelerator_name,accelerator_manufacturer,spot_supported",
        rows);
  }

  private static String clean(String s) {
    return s.replace(",", " ");
  }

  private static void write(Path file, String header, List<String> rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(header);
      w.write('\n');
      for (String r : rows) {
        w.write(r);
        w.write('\n');
      }
    }
  }
}
