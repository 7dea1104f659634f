package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.PlannedNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One deprovisioning action: remove the candidates, after launching the replacements if there are
 * any.
 *
 * @param method the method that chose it (its log and metric name)
 * @param candidates the nodes to remove
 * @param replacements the nodes to launch first, each narrowed to the types the price rules allow
 * @param beforePerHour what the candidates cost now
 * @param afterPerHour what the replacements are expected to cost (their cheapest types)
 */
public record Command(
    Method method,
    List<CandidateNode> candidates,
    List<PlannedNode> replacements,
    double beforePerHour,
    double afterPerHour) {

  public Command {
    candidates = List.copyOf(candidates);
    replacements = List.copyOf(replacements);
  }

  static Command delete(Method method, List<CandidateNode> candidates) {
    return new Command(method, candidates, List.of(), priceOf(candidates), 0);
  }

  static Command replace(
      Method method, List<CandidateNode> candidates, List<PlannedNode> replacements) {
    double after = replacements.stream().mapToDouble(PlannedNode::pricePerHour).sum();
    return new Command(method, candidates, replacements, priceOf(candidates), after);
  }

  static double priceOf(List<CandidateNode> candidates) {
    return candidates.stream().mapToDouble(CandidateNode::pricePerHour).sum();
  }

  /** {@code delete} or {@code replace}. */
  public String action() {
    return replacements.isEmpty() ? "delete" : "replace";
  }

  public double savingPerHour() {
    return beforePerHour - afterPerHour;
  }

  /** {@code consolidation/delete}, the reason upstream puts on events and Machines. */
  public String reason() {
    return method.reasonName() + "/" + action();
  }

  /**
   * Upstream's log line, with the $/h: {@code deprovisioning via consolidation replace, terminating
   * 1 machines default-abcde/m5.xlarge/on-demand and replacing with on-demand machine from types
   * c5.large, m5.large; $0.1920/h before, $0.0850/h after, saving $0.1070/h}.
   */
  public String describe() {
    StringBuilder s =
        new StringBuilder("deprovisioning via ")
            .append(method.reasonName())
            .append(' ')
            .append(action())
            .append(", terminating ")
            .append(candidates.size())
            .append(" machines ")
            .append(
                candidates.stream().map(CandidateNode::describe).collect(Collectors.joining(", ")));
    if (!replacements.isEmpty()) {
      s.append(" and replacing with ");
      for (int i = 0; i < replacements.size(); i++) {
        PlannedNode r = replacements.get(i);
        if (i > 0) {
          s.append("; ");
        }
        s.append(r.capacityTypes().stream().map(c -> c.label()).collect(Collectors.joining("/")))
            .append(" machine from types ")
            .append(
                r.candidates().stream()
                    .map(c -> c.instanceType())
                    .distinct()
                    .limit(5)
                    .collect(Collectors.joining(", ")));
        long more = r.candidates().stream().map(c -> c.instanceType()).distinct().count() - 5;
        if (more > 0) {
          s.append(" and ").append(more).append(" other(s)");
        }
      }
    }
    return s.append("; ").append(Money.change(beforePerHour, afterPerHour)).toString();
  }
}
