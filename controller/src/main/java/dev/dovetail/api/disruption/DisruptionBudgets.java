package dev.dovetail.api.disruption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dovetail.units.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Provisioner's disruption budgets, read from its {@link #ANNOTATION} annotation: a YAML (or
 * JSON) list in Karpenter v1's budget format. A Provisioner without the annotation has no budget
 * (Karpenter v0.31 behaviour); an empty list means v1's default, {@code nodes: 10%}; a budget
 * without {@code nodes} gets {@code 10%}.
 *
 * @param budgets the parsed budgets; empty when the annotation is absent
 * @param present whether the annotation is set at all
 * @param problems what is wrong with it, as {@code (field path below the annotation, rule)}
 */
public record DisruptionBudgets(
    List<DisruptionBudget> budgets, boolean present, List<Problem> problems) {
  /** The Provisioner annotation that carries the budget list. */
  public static final String ANNOTATION = "dovetail.dev/disruption-budgets";

  /** The reasons a budget may name: v1's three, plus {@code Expired} for v0.31's expiration. */
  public static final Set<String> REASONS = Set.of("Underutilized", "Empty", "Drifted", "Expired");

  /** No budget: every disruption is allowed. */
  public static final DisruptionBudgets NONE = new DisruptionBudgets(List.of(), false, List.of());

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NODES = Pattern.compile("^((100|[0-9]{1,2})%|[0-9]+)$");
  private static final Set<String> FIELDS = Set.of("nodes", "schedule", "duration", "reasons");

  /**
   * @param path below the annotation, e.g. {@code [0].nodes}
   */
  public record Problem(String path, String rule) {}

  public DisruptionBudgets {
    budgets = List.copyOf(budgets);
    problems = List.copyOf(problems);
  }

  /** The budgets of an object with these annotations. */
  public static DisruptionBudgets of(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    return value == null ? NONE : parse(value);
  }

  public static DisruptionBudgets parse(String value) {
    List<Problem> problems = new ArrayList<>();
    List<DisruptionBudget> budgets = new ArrayList<>();
    JsonNode root;
    try {
      root = value.isBlank() ? YAML.createArrayNode() : YAML.readTree(value);
    } catch (Exception e) {
      problems.add(new Problem("", "must be a YAML list of budgets: " + firstLine(e.getMessage())));
      return new DisruptionBudgets(List.of(), true, problems);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      root = YAML.createArrayNode();
    }
    if (!root.isArray()) {
      problems.add(new Problem("", "must be a list of budgets, e.g. [{nodes: \"10%\"}]"));
      return new DisruptionBudgets(List.of(), true, problems);
    }
    for (int i = 0; i < root.size(); i++) {
      budget(root.get(i), "[" + i + "]", problems).ifPresent(budgets::add);
    }
    if (root.isEmpty()) {
      budgets.add(DisruptionBudget.DEFAULT);
    }
    return new DisruptionBudgets(problems.isEmpty() ? budgets : List.of(), true, problems);
  }

  private static Optional<DisruptionBudget> budget(JsonNode b, String at, List<Problem> problems) {
    if (!b.isObject()) {
      problems.add(new Problem(at, "must be an object with nodes, schedule, duration, reasons"));
      return Optional.empty();
    }
    int before = problems.size();
    for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        problems.add(
            new Problem(at + "." + field, "unknown field; use nodes, schedule, duration, reasons"));
      }
    }
    String nodes = "10%";
    if (b.has("nodes")) {
      nodes = b.get("nodes").asText();
      if (!b.get("nodes").isValueNode() || !NODES.matcher(nodes).matches()) {
        problems.add(
            new Problem(
                at + ".nodes",
                "must be a node count (\"5\") or a percentage from 0% to 100% (\"10%\"), not \""
                    + nodes
                    + "\""));
      }
    }
    Optional<CronSchedule> schedule = Optional.empty();
    if (b.has("schedule")) {
      try {
        schedule = Optional.of(CronSchedule.parse(b.get("schedule").asText()));
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(at + ".schedule", "invalid cron schedule: " + e.getMessage()));
      }
    }
    Optional<Duration> duration = Optional.empty();
    if (b.has("duration")) {
      try {
        Duration d = GoDuration.parse(b.get("duration").asText());
        if (d.isNegative() || d.isZero()) {
          problems.add(new Problem(at + ".duration", "must be positive"));
        }
        duration = Optional.of(d);
      } catch (RuntimeException e) {
        problems.add(
            new Problem(
                at + ".duration",
                "must be a duration such as 8h or 30m, not \""
                    + b.get("duration").asText()
                    + "\""));
      }
    }
    if (b.has("schedule") != b.has("duration")) {
      problems.add(
          new Problem(
              at + (b.has("schedule") ? ".duration" : ".schedule"),
              "schedule and duration must be set together"));
    }
    Set<String> reasons = new LinkedHashSet<>();
    if (b.has("reasons")) {
      JsonNode list = b.get("reasons");
      if (!list.isArray()) {
        problems.add(new Problem(at + ".reasons", "must be a list"));
      } else {
        for (int j = 0; j < list.size(); j++) {
          String r = list.get(j).asText();
          if (!REASONS.contains(r)) {
            problems.add(
                new Problem(
                    at + ".reasons[" + j + "]",
                    "unknown reason \"" + r + "\"; use Underutilized, Empty, Drifted or Expired"));
          }
          reasons.add(r);
        }
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new DisruptionBudget(nodes, schedule, duration, reasons));
  }

  /**
   * How many of {@code total} nodes may be disrupted at once for {@code reason} at {@code now}: the
   * smallest allowance among the active budgets that apply; unlimited without budgets.
   */
  public int allowed(String reason, int total, Instant now) {
    int allowed = Integer.MAX_VALUE;
    for (DisruptionBudget b : budgets) {
      if (b.appliesTo(reason) && b.isActive(now)) {
        allowed = Math.min(allowed, b.allowed(total));
      }
    }
    return allowed;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
