package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.Candidate;
import dev.dovetail.scheduling.PlannedNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The consolidation re-check: {@link #TTL} after a command was computed, its candidates must still
 * be candidates (same Machine, not filtered, not nominated) and a fresh computation must give the
 * same shape: as many replacements, each offering at least the instance types the command chose.
 */
final class Validation {
  static final Duration TTL = Duration.ofSeconds(15);

  private Validation() {}

  /** Why the command no longer holds, or empty when it does. */
  static Optional<String> failure(Command command, Evaluation fresh) {
    Map<String, CandidateNode> byName = new HashMap<>();
    fresh.candidates().forEach(c -> byName.put(c.name(), c));
    List<CandidateNode> current = new ArrayList<>();
    for (CandidateNode c : command.candidates()) {
      CandidateNode now = byName.get(c.name());
      if (now == null || !now.machineName().equals(c.machineName())) {
        return Optional.of("candidate " + c.name() + " is no longer a candidate");
      }
      if (Candidates.consolidationBlock(now).isPresent()) {
        return Optional.of(Candidates.consolidationBlock(now).get());
      }
      current.add(now);
    }
    Optional<Command> again = command.method().recompute(fresh, current);
    if (again.isEmpty()) {
      return Optional.of("the candidates no longer make a command");
    }
    if (again.get().replacements().size() != command.replacements().size()) {
      return Optional.of(
          "it now needs "
              + again.get().replacements().size()
              + " replacement(s) instead of "
              + command.replacements().size());
    }
    for (int i = 0; i < command.replacements().size(); i++) {
      Set<String> offered = types(again.get().replacements().get(i));
      if (!offered.containsAll(types(command.replacements().get(i)))) {
        return Optional.of("the replacement's instance types changed");
      }
    }
    return Optional.empty();
  }

  private static Set<String> types(PlannedNode node) {
    return node.candidates().stream().map(Candidate::instanceType).collect(Collectors.toSet());
  }
}
