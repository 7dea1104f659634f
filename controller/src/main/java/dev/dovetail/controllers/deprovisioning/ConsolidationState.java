package dev.dovetail.controllers.deprovisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's "consolidation state": a consolidation method that found nothing is not run again
 * until a pod, node, Machine, Provisioner or PodDisruptionBudget changed, or {@link #STALE_AFTER}
 * passed.
 */
final class ConsolidationState {
  static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private record Seen(long fingerprint, Instant at) {}

  private final Map<String, Seen> nothingFound = new HashMap<>();

  /**
   * What consolidation decides on, as one number: the pass's change key ({@link QuietPeriod#key}:
   * cluster state's change count, the Provisioners and the PodDisruptionBudgets) and which nodes
   * are candidates (nominations expire without any object changing).
   */
  static long fingerprint(long changeKey, List<CandidateNode> candidates) {
    long h = changeKey;
    for (CandidateNode c : candidates) {
      h = h * 31 + c.name().hashCode();
    }
    return h;
  }

  /** Whether {@code method} found nothing on this same cluster less than 5 minutes ago. */
  boolean unchanged(String method, long fingerprint, Instant now) {
    Seen seen = nothingFound.get(method);
    return seen != null
        && seen.fingerprint() == fingerprint
        && now.isBefore(seen.at().plus(STALE_AFTER));
  }

  void foundNothing(String method, long fingerprint, Instant now) {
    nothingFound.put(method, new Seen(fingerprint, now));
  }

  /** When the oldest "found nothing" goes stale and its method runs again regardless. */
  java.util.Optional<Instant> nextStale() {
    return nothingFound.values().stream()
        .map(s -> s.at().plus(STALE_AFTER))
        .min(Instant::compareTo);
  }
}
