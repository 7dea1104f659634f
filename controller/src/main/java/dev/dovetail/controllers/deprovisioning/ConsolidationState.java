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
 * Upstream's "consolidation state": a consolidation method that found nothing is not run again
 * until a pod, node, Machine or Provisioner changed, or {@link #STALE_AFTER} passed. Dovetail
 * fingerprints the resource versions instead of counting events.
 */
final class ConsolidationState {
  static final Duration STALE_AFTER = Duration.ofMinutes(5);

  private record Seen(long fingerprint, Instant at) {}

  private final Map<String, Seen> nothingFound = new HashMap<>();

  /**
   * A hash over what consolidation decides on: nodes (labels, annotations, cordon, deletion),
   * Machines (conditions, deletion), pods (node, phase, deletion, annotations) and Provisioner
   * specs and annotations, and which nodes are candidates. Resource versions alone would do on a
   * real API server, but not every test server bumps them.
   */
  static long fingerprint(
      List<StateNode> nodes,
      List<Pod> pods,
      List<Provisioner> provisioners,
      List<CandidateNode> candidates) {
    long h = 17;
    // Nominations expire without any object changing; the candidate set shows it.
    for (CandidateNode c : candidates) {
      h = h * 31 + c.name().hashCode();
    }
    for (StateNode n : nodes) {
      h = h * 31 + n.key().hashCode();
      h = h * 31 + (n.isDeleting() ? 1 : 0);
      if (n.node().isPresent()) {
        var node = n.node().get();
        h = h * 31 + meta(node);
        h =
            h * 31
                + Objects.hashCode(
                    node.getSpec() == null ? null : node.getSpec().getUnschedulable());
      }
      if (n.machine().isPresent()) {
        var machine = n.machine().get();
        h = h * 31 + meta(machine);
        h =
            h * 31
                + Objects.hashCode(
                    machine.getStatus() == null ? null : machine.getStatus().conditions());
      }
    }
    for (Pod p : pods) {
      h = h * 31 + meta(p);
      h = h * 31 + Objects.hashCode(p.getSpec() == null ? null : p.getSpec().getNodeName());
      h = h * 31 + Objects.hashCode(p.getStatus() == null ? null : p.getStatus().getPhase());
    }
    for (Provisioner p : provisioners) {
      h = h * 31 + meta(p);
      h = h * 31 + Objects.hashCode(p.getSpec());
    }
    return h;
  }

  private static int meta(HasMetadata o) {
    var m = o.getMetadata();
    return Objects.hash(
        m.getNamespace(),
        m.getName(),
        m.getUid(),
        m.getResourceVersion(),
        m.getDeletionTimestamp(),
        m.getLabels(),
        m.getAnnotations());
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

  /** When the oldest "found nothing" goes stale and its method runs again regardless. */
  java.util.Optional<Instant> nextStale() {
    return nothingFound.values().stream()
        .map(s -> s.at().plus(STALE_AFTER))
        .min(Instant::compareTo);
  }
}
