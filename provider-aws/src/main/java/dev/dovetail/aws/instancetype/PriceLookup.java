package dev.dovetail.aws.instancetype;

import java.util.Optional;

/** Prices per instance type in one region, USD per hour. */
public interface PriceLookup {
  /** The on-demand price, if known. */
  Optional<Double> onDemand(String instanceType);

  /** The spot price in a zone, if known. */
  Optional<Double> spot(String instanceType, String zone);
}
