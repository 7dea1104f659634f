package dev.dovetail.scheduling;

import java.util.Objects;

/**
 * A pod topology spread constraint: pods matching {@code selector} in the pod's namespace may
 * differ by at most {@code maxSkew} between any two domains of {@code topologyKey}.
 *
 * @param maxSkew the allowed difference, at least 1
 * @param topologyKey the node label that defines a domain
 * @param required true for {@code DoNotSchedule}, false for {@code ScheduleAnyway} (a preference
 *     Karpenter honours until it has to relax it)
 * @param selector the pods counted
 * @param minDomains below this many eligible domains the global minimum counts as zero (1 = off)
 */
public record TopologySpreadConstraint(
    int maxSkew, String topologyKey, boolean required, LabelSelector selector, int minDomains) {
  public TopologySpreadConstraint {
    Objects.requireNonNull(selector, "selector");
    topologyKey = WellKnownLabels.normalize(Objects.requireNonNull(topologyKey, "topologyKey"));
    if (maxSkew < 1) {
      throw new IllegalArgumentException(
          "topology spread maxSkew must be at least 1, got " + maxSkew);
    }
    minDomains = Math.max(1, minDomains);
  }

  public static TopologySpreadConstraint of(int maxSkew, String key, LabelSelector selector) {
    return new TopologySpreadConstraint(maxSkew, key, true, selector, 1);
  }
}
