package dev.dovetail.aws.pricing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.aws.cache.CacheTtls;
import dev.dovetail.aws.catalog.BuiltInCatalog;
import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.instancetype.PriceLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;

/**
 * On-demand prices from the AWS Price List API and spot prices from DescribeSpotPriceHistory, both
 * refreshed every {@link #REFRESH}. Starts from the built-in catalog's on-demand prices (or those
 * of us-east-1 for a region it lacks), with every spot price equal to on-demand until the first
 * spot update; after that a (type, zone) without a spot record has no spot price. A failed update
 * keeps the previous prices. With {@code isolatedVPC} the Price List API is never called.
 */
public final class PricingProvider implements PriceLookup {
  /** How often prices are refreshed. */
  public static final Duration REFRESH = CacheTtls.PRICES;

  private static final Logger LOG = LoggerFactory.getLogger(PricingProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Ec2Client ec2;
  private final PricingClient pricing;
  private final String region;
  private final boolean isolatedVpc;
  private final Clock clock;

  private volatile Map<String, Double> onDemand;
  private volatile Map<String, Map<String, Double>> spot = Map.of();
  private volatile boolean spotFetched;
  private volatile Instant lastOnDemandUpdate = Instant.MIN;
  private volatile Instant lastSpotUpdate = Instant.MIN;

  /**
   * @param pricing a client for the Price List endpoint of {@link #pricingRegion(String)}
   */
  public PricingProvider(
      Ec2Client ec2, PricingClient pricing, String region, boolean isolatedVpc, Clock clock) {
    this(ec2, pricing, region, isolatedVpc, clock, BuiltInCatalog.get());
  }

  public PricingProvider(
      Ec2Client ec2,
      PricingClient pricing,
      String region,
      boolean isolatedVpc,
      Clock clock,
      Catalog fallback) {
    this.ec2 = ec2;
    this.pricing = pricing;
    this.region = region;
    this.isolatedVpc = isolatedVpc;
    this.clock = clock;
    this.onDemand = staticPrices(fallback, region);
  }

  /**
   * The region whose Price List endpoint serves a cluster region: ap-* → ap-south-1, eu-* and cn-*
   * → eu-central-1 / cn-northwest-1, everything else → us-east-1.
   */
  public static String pricingRegion(String region) {
    if (region.startsWith("ap-")) {
      return "ap-south-1";
    }
    if (region.startsWith("eu-")) {
      return "eu-central-1";
    }
    if (region.startsWith("cn-")) {
      return "cn-northwest-1";
    }
    return "us-east-1";
  }

  private static Map<String, Double> staticPrices(Catalog catalog, String region) {
    String source = catalog.regions().contains(region) ? region : Catalog.FALLBACK_PRICE_REGION;
    Map<String, Double> prices = new HashMap<>();
    PriceLookup lookup = catalog.priceLookup(source);
    for (String type : catalog.specs().keySet()) {
      lookup.onDemand(type).ifPresent(p -> prices.put(type, p));
    }
    return Map.copyOf(prices);
  }

  @Override
  public Optional<Double> onDemand(String instanceType) {
    return Optional.ofNullable(onDemand.get(instanceType));
  }

  @Override
  public Optional<Double> spot(String instanceType, String zone) {
    if (!spotFetched) {
      return onDemand(instanceType);
    }
    Map<String, Double> byZone = spot.get(instanceType);
    return byZone == null ? Optional.empty() : Optional.ofNullable(byZone.get(zone));
  }

  /** Whether spot prices come from the API yet (until then spot = on-demand). */
  public boolean spotFetched() {
    return spotFetched;
  }

  /**
   * Refreshes whichever price list is older than {@link #REFRESH}; failures are logged, not thrown.
   */
  public void refreshIfDue() {
    Instant now = clock.instant();
    if (!isolatedVpc && !now.isBefore(lastOnDemandUpdate.plus(REFRESH))) {
      try {
        updateOnDemand();
      } catch (RuntimeException e) {
        LOG.atError()
            .addKeyValue("error", e.getMessage())
            .log("failed to update on-demand pricing, using existing pricing data");
      }
    }
    if (!now.isBefore(lastSpotUpdate.plus(REFRESH))) {
      try {
        updateSpot();
      } catch (RuntimeException e) {
        LOG.atError()
            .addKeyValue("error", e.getMessage())
            .log("failed to update spot pricing, using existing pricing data");
      }
    }
  }

  /**
   * Fetches on-demand prices: shared-tenancy compute instances and dedicated bare-metal instances.
   *
   * @throws IllegalStateException when either list is empty (the previous prices are kept)
   */
  public void updateOnDemand() {
    if (isolatedVpc) {
      return;
    }
    Map<String, Double> shared = fetch("Shared", "Compute Instance");
    Map<String, Double> metal = fetch("Dedicated", "Compute Instance (bare metal)");
    if (shared.isEmpty() || metal.isEmpty()) {
      throw new IllegalStateException(
          "no on-demand pricing found for "
              + region
              + " (shared: "
              + shared.size()
              + ", bare metal: "
              + metal.size()
              + ")");
    }
    Map<String, Double> merged = new HashMap<>(shared);
    merged.putAll(metal);
    onDemand = Map.copyOf(merged);
    lastOnDemandUpdate = clock.instant();
    LOG.atInfo().addKeyValue("instance-type-count", merged.size()).log("updated on-demand pricing");
  }

  private Map<String, Double> fetch(String tenancy, String productFamily) {
    List<Filter> filters =
        List.of(
            term("regionCode", region),
            term("serviceCode", "AmazonEC2"),
            term("preInstalledSw", "NA"),
            term("operatingSystem", "Linux"),
            term("capacitystatus", "Used"),
            term("marketoption", "OnDemand"),
            term("tenancy", tenancy),
            term("productFamily", productFamily));
    Map<String, Double> prices = new HashMap<>();
    pricing
        .getProductsPaginator(
            GetProductsRequest.builder().serviceCode("AmazonEC2").filters(filters).build())
        .priceList()
        .forEach(doc -> onDemandPrice(doc).ifPresent(p -> prices.put(p.instanceType(), p.price())));
    return prices;
  }

  record ListedPrice(String instanceType, double price) {}

  /**
   * The instance type and hourly on-demand price of one Price List document, read from {@code
   * terms.OnDemand.*.priceDimensions.*.pricePerUnit} only: the same document may also carry
   * Reserved terms, whose rates must not be taken for on-demand ones.
   */
  static Optional<ListedPrice> onDemandPrice(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      LOG.atWarn()
          .addKeyValue("error", e.getOriginalMessage())
          .log("skipping a Price List document that is not JSON");
      return Optional.empty();
    }
    String type = root.path("product").path("attributes").path("instanceType").asText("");
    if (type.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode term : root.path("terms").path("OnDemand")) {
      for (JsonNode dimension : term.path("priceDimensions")) {
        JsonNode unit = dimension.path("pricePerUnit");
        String amount = unit.has("USD") ? unit.get("USD").asText() : unit.path("CNY").asText("");
        try {
          double price = Double.parseDouble(amount);
          if (price > 0) {
            return Optional.of(new ListedPrice(type, price));
          }
        } catch (NumberFormatException e) {
          // not a price; try the next dimension
        }
      }
    }
    return Optional.empty();
  }

  private static Filter term(String field, String value) {
    return Filter.builder().type("TERM_MATCH").field(field).value(value).build();
  }

  /**
   * Fetches the latest spot price of every (type, zone). The previous prices are kept on failure.
   */
  public void updateSpot() {
    Map<String, Map<String, Double>> prices = new HashMap<>();
    Map<String, Map<String, Instant>> stamps = new HashMap<>();
    ec2.describeSpotPriceHistoryPaginator(
            DescribeSpotPriceHistoryRequest.builder()
                .productDescriptions("Linux/UNIX", "Linux/UNIX (Amazon VPC)")
                .startTime(clock.instant())
                .build())
        .spotPriceHistory()
        .forEach(
            (SpotPrice p) -> {
              Instant at = p.timestamp() == null ? Instant.MIN : p.timestamp();
              Instant seen =
                  stamps
                      .computeIfAbsent(p.instanceTypeAsString(), k -> new HashMap<>())
                      .get(p.availabilityZone());
              if (seen == null || at.isAfter(seen)) {
                stamps.get(p.instanceTypeAsString()).put(p.availabilityZone(), at);
                prices
                    .computeIfAbsent(p.instanceTypeAsString(), k -> new HashMap<>())
                    .put(p.availabilityZone(), Double.parseDouble(p.spotPrice()));
              }
            });
    if (prices.isEmpty()) {
      throw new IllegalStateException("no spot pricing found for " + region);
    }
    Map<String, Map<String, Double>> frozen = new HashMap<>();
    prices.forEach((k, v) -> frozen.put(k, Map.copyOf(v)));
    spot = Map.copyOf(frozen);
    spotFetched = true;
    lastSpotUpdate = clock.instant();
    LOG.atInfo().addKeyValue("instance-type-count", frozen.size()).log("updated spot pricing");
  }

  /** A snapshot of the known on-demand prices (for catalog generation). */
  public Map<String, Double> onDemandPrices() {
    return onDemand;
  }

  /** A snapshot of the known spot prices by type and zone. */
  public Map<String, Map<String, Double>> spotPrices() {
    return spot;
  }
}
