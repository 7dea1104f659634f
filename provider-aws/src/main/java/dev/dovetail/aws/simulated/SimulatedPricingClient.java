package dev.dovetail.aws.simulated;

import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;
import software.amazon.awssdk.services.pricing.model.PricingException;

/**
 * The simulated AWS Price List API: GetProducts for AmazonEC2 returns one price-list JSON document
 * per instance type of the catalog, in the shape of the real API (product attributes and {@code
 * terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD}), honouring TERM_MATCH filters on the
 * attributes it writes.
 */
final class SimulatedPricingClient implements PricingClient {
  private static final int PAGE = 100;
  private final SimulatedAws aws;

  SimulatedPricingClient(SimulatedAws aws) {
    this.aws = aws;
  }

  @Override
  public String serviceName() {
    return "pricing";
  }

  @Override
  public void close() {}

  @Override
  public GetProductsResponse getProducts(GetProductsRequest r) {
    synchronized (aws.lock) {
      try {
        aws.enter("GetProducts", r);
      } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
        throw (PricingException)
            PricingException.builder()
                .awsErrorDetails(e.awsErrorDetails())
                .statusCode(e.statusCode())
                .message(e.getMessage())
                .build();
      }
      List<String> documents = new ArrayList<>();
      if ("AmazonEC2".equals(r.serviceCode())) {
        for (InstanceTypeSpec spec : aws.specs().values()) {
          Optional<Double> price = aws.onDemandPrice(spec.name());
          if (price.isEmpty()) {
            continue;
          }
          String productFamily =
              spec.bareMetal() ? "Compute Instance (bare metal)" : "Compute Instance";
          String tenancy = spec.bareMetal() ? "Dedicated" : "Shared";
          java.util.Map<String, String> attributes =
              java.util.Map.of(
                  "instanceType", spec.name(),
                  "regionCode", aws.region(),
                  "operatingSystem", "Linux",
                  "preInstalledSw", "NA",
                  "capacitystatus", "Used",
                  "marketoption", "OnDemand",
                  "tenancy", tenancy,
                  "productFamily", productFamily,
                  "servicecode", "AmazonEC2");
          if (!matches(r.filters(), attributes)) {
            continue;
          }
          documents.add(document(spec.name(), productFamily, attributes, price.get()));
        }
      }
      int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
      int size = r.maxResults() == null ? PAGE : r.maxResults();
      int to = Math.min(documents.size(), from + size);
      return GetProductsResponse.builder()
          .formatVersion("aws_v1")
          .priceList(documents.subList(Math.min(from, to), to))
          .nextToken(to < documents.size() ? Integer.toString(to) : null)
          .build();
    }
  }

  private static boolean matches(List<Filter> filters, java.util.Map<String, String> attributes) {
    for (Filter f : filters) {
      String actual =
          attributes.entrySet().stream()
              .filter(e -> e.getKey().equalsIgnoreCase(f.field()))
              .map(java.util.Map.Entry::getValue)
              .findFirst()
              .orElse(null);
      if (actual == null || !actual.equalsIgnoreCase(f.value())) {
        return false;
      }
    }
    return true;
  }

  private static String document(
      String type, String productFamily, java.util.Map<String, String> attributes, double price) {
    StringBuilder attrs = new StringBuilder();
    new java.util.TreeMap<>(attributes)
        .forEach(
            (k, v) -> {
              if (!k.equals("productFamily")) {
                attrs.append(attrs.isEmpty() ? "" : ",").append('"').append(k).append("\":\"");
                attrs.append(v).append('"');
              }
            });
    String sku = "SIM" + Integer.toHexString(type.hashCode()).toUpperCase(Locale.ROOT);
    return "{\"product\":{\"productFamily\":\""
        + productFamily
        + "\",\"attributes\":{"
        + attrs
        + "},\"sku\":\""
        + sku
        + "\"},\"serviceCode\":\"AmazonEC2\",\"terms\":{\"OnDemand\":{\""
        + sku
        + ".JRTCKXETXF\":{\"priceDimensions\":{\""
        + sku
        + ".JRTCKXETXF.6YS6EN2CT7\":{\"unit\":\"Hrs\",\"pricePerUnit\":{\"USD\":\""
        + String.format(Locale.ROOT, "%.10f", price)
        + "\"},\"description\":\"simulated\"}},\"sku\":\""
        + sku
        + "\",\"offerTermCode\":\"JRTCKXETXF\"}}}}";
  }
}
