package dev.dovetail.controllers.deprovisioning;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Replaces nodes older than their Provisioner's {@code ttlSecondsUntilExpired}, the longest-expired
 * first.
 */
final class Expiration implements Method {
  @Override
  public String reasonName() {
    return "expiration";
  }

  @Override
  public String methodName() {
    return "expiration";
  }

  @Override
  public String budgetReason() {
    return "Expired";
  }

  @Override
  public boolean validates() {
    return false;
  }

  @Override
  public Optional<Command> compute(Evaluation evaluation) {
    List<CandidateNode> expired =
        evaluation.candidates().stream()
            .filter(c -> expiresAt(c).map(t -> !t.isAfter(evaluation.now())).orElse(false))
            .sorted(Comparator.comparing(c -> expiresAt(c).orElseThrow()))
            .toList();
    return Replacing.first(evaluation, this, expired);
  }

  static Optional<Instant> expiresAt(CandidateNode c) {
    Duration ttl = c.expireAfter();
    String created = c.machine().getMetadata().getCreationTimestamp();
    if (ttl == null || created == null) {
      return Optional.empty();
    }
    return Optional.of(Instant.parse(created).plus(ttl));
  }
}
