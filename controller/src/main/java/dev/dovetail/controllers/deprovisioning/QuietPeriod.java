package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lets the deprovisioning loop skip passes that cannot decide anything new: after a pass that found
 * nothing to do, nothing is evaluated again until cluster state, a Provisioner or a
 * PodDisruptionBudget changes, or the earliest moment at which time alone could change the answer:
 * a candidate expires, an empty node's {@code ttlSecondsAfterEmpty} runs out, a nomination lapses,
 * a consolidation method's "found nothing" goes stale ({@link ConsolidationState#STALE_AFTER},
 * which also bounds how late price and offering changes are noticed). Passes with drift enabled
 * (the cloud decides drift) or a scheduled disruption budget are never skipped.
 */
final class QuietPeriod {
  private boolean active;
  private long key;
  private Instant until = Instant.MIN;

  /** What a quiet period depends on, as one number: equal keys mean nothing it watches changed. */
  static long key(
      long stateChanges, List<Provisioner> provisioners, List<PodDisruptionBudget> pdbs) {
    long h = stateChanges;
    for (Provisioner p : provisioners) {
      var m = p.getMetadata();
      h =
          h * 31
              + Objects.hash(m.getUid(), m.getResourceVersion(), m.getAnnotations(), p.getSpec());
    }
    for (PodDisruptionBudget b : pdbs) {
      var m = b.getMetadata();
      h = h * 31 + Objects.hash(m.getUid(), m.getResourceVersion(), b.getSpec(), b.getStatus());
    }
    return h;
  }

  /** Whether a pass with this key at {@code now} would find what the last full pass found. */
  boolean covers(long key, Instant now) {
    return active && key == this.key && now.isBefore(until);
  }

  void begin(long key, Instant until) {
    this.active = true;
    this.key = key;
    this.until = until;
  }

  void end() {
    active = false;
  }

  /**
   * The earliest moment at which time alone could change what a pass finds; empty when a candidate
   * is already due (expired or empty for its TTL) but was not acted on (a budget or a failed
   * replacement held it back), so the next pass tries again.
   */
  static Optional<Instant> until(
      Evaluation evaluation, List<StateNode> nodes, ConsolidationState consolidation) {
    Instant now = evaluation.now();
    Instant until = now.plus(ConsolidationState.STALE_AFTER);
    until = earlier(until, consolidation.nextStale().orElse(until), now);
    for (CandidateNode c : evaluation.candidates()) {
      for (Optional<Instant> due : List.of(Expiration.expiresAt(c), Emptiness.dueAt(c))) {
        if (due.isPresent() && !due.get().isAfter(now)) {
          return Optional.empty();
        }
        until = earlier(until, due.orElse(until), now);
      }
    }
    for (StateNode n : nodes) {
      until = earlier(until, n.nominatedUntil().orElse(until), now);
    }
    return Optional.of(until);
  }

  /** {@code candidate} if it is before {@code current} and after {@code now}. */
  private static Instant earlier(Instant current, Instant candidate, Instant now) {
    return candidate.isAfter(now) && candidate.isBefore(current) ? candidate : current;
  }
}
