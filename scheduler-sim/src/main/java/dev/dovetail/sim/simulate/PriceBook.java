package dev.dovetail.sim.simulate;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.CapacityType;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.SpotPrice;

/**
 * What the simulated AWS backend charges per hour: the catalog's on-demand price, and the spot
 * price the backend quotes now (read through its EC2 API, cached until a price changes).
 */
final class PriceBook {
  private final SimulatedAws aws;
  private final Map<String, Double> onDemand = new HashMap<>();
  private final Map<String, Double> spot = new HashMap<>();

  PriceBook(SimulatedAws aws) {
    this.aws = aws;
  }

  double hourly(String instanceType, String zone, CapacityType capacityType) {
    if (capacityType == CapacityType.SPOT) {
      if (spot.isEmpty()) {
        loadSpot();
      }
      Double price = spot.get(instanceType + "/" + zone);
      if (price != null) {
        return price;
      }
    }
    return onDemand.computeIfAbsent(
        instanceType, t -> aws.catalog().priceLookup(aws.region()).onDemand(t).orElse(0.0));
  }

  double spot(String instanceType, String zone) {
    return hourly(instanceType, zone, CapacityType.SPOT);
  }

  /** Forgets cached spot prices after the scenario changed one. */
  void spotPricesChanged() {
    spot.clear();
  }

  private void loadSpot() {
    String token = null;
    do {
      var page =
          aws.ec2()
              .describeSpotPriceHistory(
                  DescribeSpotPriceHistoryRequest.builder().nextToken(token).build());
      for (SpotPrice p : page.spotPriceHistory()) {
        spot.put(p.instanceType() + "/" + p.availabilityZone(), Double.parseDouble(p.spotPrice()));
      }
      token = page.nextToken() == null || page.nextToken().isEmpty() ? null : page.nextToken();
    } while (token != null);
  }
}
