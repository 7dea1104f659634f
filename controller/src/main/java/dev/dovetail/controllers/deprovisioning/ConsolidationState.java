package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's "consolidation state" (§4.4): a consolidation method that found nothing is not run
 * again until a pod, node, Machine or Provisioner changed, or {@link #STALE_AFTER} passed. Dovetail
 * fingerprints the resource versions instead of counting events.
 */
final class ConsolidationState {
  static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private record Seen(long fingerprint, Instant at) {}

  private final Map<String, Seen> nothingFound = new HashMap<>();

  static long fingerprint(List<StateNode> nodes, List<Pod> pods, List<Provisioner> provisioners) {
    long h = 17;
    for (StateNode n : nodes) {
      h = h * 31 + n.key().hashCode();
      h = h * 31 + n.node().map(ConsolidationState::version).orElse(0);
      h = h * 31 + n.machine().map(ConsolidationState::version).orElse(0);
      h = h * 31 + (n.isDeleting() ? 1 : 0);
    }
    for (Pod p : pods) {
      h = h * 31 + version(p);
    }
    for (Provisioner p : provisioners) {
      h = h * 31 + version(p);
    }
    return h;
  }

  private static int version(HasMetadata o) {
    return Objects.hash(
        o.getMetadata().getNamespace(),
        o.getMetadata().getName(),
        o.getMetadata().getResourceVersion());
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

  void reset() {
    nothingFound.clear();
  }
}
