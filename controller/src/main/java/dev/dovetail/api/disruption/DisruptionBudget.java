package dev.dovetail.api.disruption;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One disruption budget of a node pool (what Karpenter v1 puts in {@code spec.disruption.budgets};
 * Dovetail reads it from the Provisioner annotation {@link DisruptionBudgets#ANNOTATION}): at most
 * {@code nodes} of the pool's nodes may be disrupted at once, while the budget is active, for the
 * listed reasons.
 *
 * @param nodes a count ({@code "3"}) or a percentage of the pool's nodes ({@code "10%"})
 * @param schedule when the budget becomes active (UTC cron); empty = always active
 * @param duration how long it stays active after each {@code schedule} fire
 * @param reasons the disruption reasons it applies to; empty = all
 */
public record DisruptionBudget(
    String nodes,
    Optional<CronSchedule> schedule,
    Optional<Duration> duration,
    Set<String> reasons) {

  public DisruptionBudget {
    reasons = Set.copyOf(reasons);
  }

  /** v1's default: 10% of the nodes, always, for every reason. */
  public static final DisruptionBudget DEFAULT =
      new DisruptionBudget("10%", Optional.empty(), Optional.empty(), Set.of());

  public boolean appliesTo(String reason) {
    return reasons.isEmpty() || reasons.contains(reason);
  }

  /** Whether the budget is in force at {@code now}. */
  public boolean isActive(Instant now) {
    if (schedule.isEmpty()) {
      return true;
    }
    Optional<Instant> fired = schedule.get().lastFireAtOrBefore(now);
    return fired.isPresent() && now.isBefore(fired.get().plus(duration.orElse(Duration.ZERO)));
  }

  /**
   * How many of {@code total} nodes this budget lets be disrupted at once; a percentage rounds up,
   * as v1 does.
   */
  public int allowed(int total) {
    if (nodes.endsWith("%")) {
      int percent = Integer.parseInt(nodes.substring(0, nodes.length() - 1));
      return (int) Math.ceil(total * percent / 100.0);
    }
    return Integer.parseInt(nodes);
  }
}
