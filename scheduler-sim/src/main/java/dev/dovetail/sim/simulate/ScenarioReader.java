package dev.dovetail.sim.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.LoadedManifests;
import dev.dovetail.manifest.ManifestError;
import dev.dovetail.manifest.Mappers;
import dev.dovetail.scheduling.CapacityType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code simulate.dovetail.dev/v1alpha1} Scenario file and checks every field, collecting
 * all problems with their field paths before failing, as {@code dovetail validate} does. Manifests
 * the scenario names are loaded relative to the scenario file and validated like any other input.
 */
public final class ScenarioReader {
  public static final String API_VERSION = "simulate.dovetail.dev/v1alpha1";
  public static final String KIND = "Scenario";
  static final Duration MAX_DURATION = Duration.ofDays(31);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private static final Set<String> SIMULATED_KINDS =
      Set.of("Namespace", "Provisioner", "AWSNodeTemplate", "Deployment", "Job", "DaemonSet");
  private static final List<String> EVENTS =
      List.of("scale", "apply", "delete", "load", "spotInterruption", "spotPriceChange", "iceFor");

  private final KindRegistry kinds = KindRegistry.discover();
  private final List<String> problems = new ArrayList<>();
  private String name = "<unnamed>";
  private Path base;

  /** Reads and validates {@code file}; {@code seed} overrides the file's seed when present. */
  public static Scenario read(Path file, Optional<Long> seed) {
    return new ScenarioReader().parse(file, seed);
  }

  private Scenario parse(Path file, Optional<Long> seedOverride) {
    JsonNode root;
    try {
      root = Mappers.yaml().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ScenarioException(List.of(file + ": cannot be read: " + firstLine(e)));
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(List.of(file + ": not a YAML mapping"));
    }
    base = file.toAbsolutePath().getParent();
    name = root.path("metadata").path("name").asText("<unnamed>");
    if (!API_VERSION.equals(root.path("apiVersion").asText())) {
      problem("apiVersion", "must be " + API_VERSION);
    }
    if (!KIND.equals(root.path("kind").asText())) {
      problem("kind", "must be " + KIND);
    }
    if (root.path("metadata").path("name").asText("").isEmpty()) {
      problem("metadata.name", "is required");
    }
    JsonNode spec = root.path("spec");
    known(
        spec,
        "spec",
        Set.of("duration", "seed", "region", "manifests", "timeline", "clusterAutoscaler"));
    Duration duration = duration(spec.path("duration"), "spec.duration", true);
    if (duration != null && (duration.isZero() || duration.compareTo(MAX_DURATION) > 0)) {
      problem("spec.duration", "must be more than 0 and at most 31d");
    }
    long seed = seedOverride.orElse(spec.has("seed") ? spec.path("seed").asLong(1) : 1);
    if (spec.has("seed") && !spec.path("seed").canConvertToLong()) {
      problem("spec.seed", "must be an integer");
    }
    Optional<String> region =
        spec.has("region") ? Optional.of(spec.path("region").asText()) : Optional.empty();

    List<HasMetadata> objects = new ArrayList<>();
    JsonNode manifests = spec.path("manifests");
    if (!manifests.isArray() || manifests.isEmpty()) {
      problem(
          "spec.manifests", "must list at least one file or directory (relative to " + file + ")");
    } else {
      for (int i = 0; i < manifests.size(); i++) {
        objects.addAll(load(manifests.get(i), "spec.manifests[" + i + "]"));
      }
    }

    List<Scenario.Event> timeline = new ArrayList<>();
    JsonNode events = spec.path("timeline");
    if (!events.isMissingNode() && !events.isArray()) {
      problem("spec.timeline", "must be a list");
    }
    for (int i = 0; events.isArray() && i < events.size(); i++) {
      Scenario.Event event = event(events.get(i), "spec.timeline[" + i + "]", duration);
      if (event != null) {
        timeline.add(event);
      }
    }

    List<Scenario.NodeGroup> groups = new ArrayList<>();
    JsonNode ca = spec.path("clusterAutoscaler");
    known(ca, "spec.clusterAutoscaler", Set.of("nodeGroups"));
    JsonNode groupList = ca.path("nodeGroups");
    for (int i = 0; groupList.isArray() && i < groupList.size(); i++) {
      String path = "spec.clusterAutoscaler.nodeGroups[" + i + "]";
      JsonNode g = groupList.get(i);
      known(g, path, Set.of("instanceType", "capacityType"));
      String type = text(g.path("instanceType"), path + ".instanceType", true);
      CapacityType capacity = capacityType(g.path("capacityType"), path + ".capacityType");
      if (type != null && capacity != null) {
        groups.add(new Scenario.NodeGroup(type, capacity));
      }
    }

    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    timeline.sort(java.util.Comparator.comparing(Scenario.Event::at));
    return new Scenario(name, file, duration, region, seed, objects, timeline, groups);
  }

  private Scenario.Event event(JsonNode e, String path, Duration runFor) {
    if (!e.isObject()) {
      problem(path, "must be a mapping with at and one event");
      return null;
    }
    List<String> present = new ArrayList<>();
    for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (EVENTS.contains(field)) {
        present.add(field);
      } else if (!field.equals("at")) {
        problem(
            path + "." + field, "unknown field; an event is one of " + String.join(", ", EVENTS));
      }
    }
    Duration at = duration(e.path("at"), path + ".at", true);
    if (at != null && runFor != null && at.compareTo(runFor) >= 0) {
      problem(path + ".at", "must be before spec.duration (" + format(runFor) + ")");
    }
    if (present.size() != 1) {
      problem(
          path,
          "must hold exactly one of " + String.join(", ", EVENTS) + ", found " + present.size());
      return null;
    }
    String kind = present.get(0);
    JsonNode body = e.path(kind);
    String p = path + "." + kind;
    if (at == null) {
      return null;
    }
    return switch (kind) {
      case "scale" -> scale(at, body, p);
      case "apply" -> apply(at, body, p);
      case "delete" -> delete(at, body, p);
      case "load" -> load(at, body, p);
      case "spotInterruption" -> spotInterruption(at, body, p);
      case "spotPriceChange" -> spotPriceChange(at, body, p);
      default -> iceFor(at, body, p);
    };
  }

  private Scenario.Event scale(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("deployment", "job", "namespace", "replicas"));
    Scenario.Ref ref = workload(body, p);
    Integer replicas = integer(body.path("replicas"), p + ".replicas", 0, 100_000);
    return ref == null || replicas == null ? null : new Scenario.Scale(at, ref, replicas);
  }

  private Scenario.Event apply(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("file"));
    String file = text(body.path("file"), p + ".file", true);
    if (file == null) {
      return null;
    }
    List<HasMetadata> objects = load(body.path("file"), p + ".file");
    return new Scenario.Apply(at, base.resolve(file).normalize(), objects);
  }

  private Scenario.Event delete(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("kind", "name", "namespace"));
    String kind = text(body.path("kind"), p + ".kind", true);
    String objectName = text(body.path("name"), p + ".name", true);
    if (kind != null && !SIMULATED_KINDS.contains(kind)) {
      problem(
          p + ".kind",
          "must be one of " + String.join(", ", new java.util.TreeSet<>(SIMULATED_KINDS)));
      return null;
    }
    if (kind == null || objectName == null) {
      return null;
    }
    String namespace = body.path("namespace").asText("default");
    return new Scenario.Delete(at, new Scenario.Ref(kind, namespace, objectName));
  }

  private Scenario.Event load(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("deployment", "namespace", "diurnal", "steps", "every"));
    String deployment = text(body.path("deployment"), p + ".deployment", true);
    Duration every =
        body.has("every")
            ? duration(body.path("every"), p + ".every", true)
            : Duration.ofMinutes(5);
    if (every != null && every.compareTo(Duration.ofSeconds(10)) < 0) {
      problem(p + ".every", "must be at least 10s");
    }
    Scenario.Curve curve = null;
    if (body.has("diurnal") == body.has("steps")) {
      problem(p, "must hold exactly one of diurnal, steps");
    } else if (body.has("diurnal")) {
      JsonNode d = body.path("diurnal");
      String dp = p + ".diurnal";
      known(d, dp, Set.of("min", "max", "period", "peakAt"));
      Integer min = integer(d.path("min"), dp + ".min", 0, 100_000);
      Integer max = integer(d.path("max"), dp + ".max", 0, 100_000);
      Duration period =
          d.has("period") ? duration(d.path("period"), dp + ".period", true) : Duration.ofDays(1);
      Duration peak =
          d.has("peakAt") ? duration(d.path("peakAt"), dp + ".peakAt", true) : Duration.ofHours(14);
      if (min != null && max != null && min > max) {
        problem(dp + ".max", "must be at least min (" + min + ")");
      }
      if (period != null && period.isZero()) {
        problem(dp + ".period", "must be more than 0");
      }
      if (min != null && max != null && period != null && peak != null && !period.isZero()) {
        curve = new Scenario.Diurnal(min, max, period, peak);
      }
    } else {
      JsonNode steps = body.path("steps");
      List<Scenario.Step> list = new ArrayList<>();
      if (!steps.isArray() || steps.isEmpty()) {
        problem(p + ".steps", "must list at least one {after, replicas}");
      }
      for (int i = 0; steps.isArray() && i < steps.size(); i++) {
        String sp = p + ".steps[" + i + "]";
        known(steps.get(i), sp, Set.of("after", "replicas"));
        Duration after = duration(steps.get(i).path("after"), sp + ".after", true);
        Integer replicas = integer(steps.get(i).path("replicas"), sp + ".replicas", 0, 100_000);
        if (after != null && replicas != null) {
          list.add(new Scenario.Step(after, replicas));
        }
      }
      curve = new Scenario.Steps(list);
    }
    if (deployment == null || curve == null || every == null) {
      return null;
    }
    return new Scenario.Load(
        at,
        new Scenario.Ref("Deployment", body.path("namespace").asText("default"), deployment),
        curve,
        every);
  }

  private Scenario.Event spotInterruption(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("share", "instanceType", "zone"));
    Double share = number(body.path("share"), p + ".share", true);
    if (share != null && (share <= 0 || share > 1)) {
      problem(p + ".share", "must be more than 0 and at most 1");
      return null;
    }
    return share == null
        ? null
        : new Scenario.SpotInterruption(
            at, share, optionalText(body, "instanceType"), optionalText(body, "zone"));
  }

  private Scenario.Event spotPriceChange(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("instanceType", "zone", "price", "factor"));
    String type = text(body.path("instanceType"), p + ".instanceType", true);
    Double price = number(body.path("price"), p + ".price", false);
    Double factor = number(body.path("factor"), p + ".factor", false);
    if ((price == null) == (factor == null)) {
      problem(p, "must hold exactly one of price, factor");
      return null;
    }
    if ((price != null && price <= 0) || (factor != null && factor <= 0)) {
      problem(p + (price != null ? ".price" : ".factor"), "must be more than 0");
      return null;
    }
    return type == null
        ? null
        : new Scenario.SpotPriceChange(
            at,
            type,
            optionalText(body, "zone"),
            Optional.ofNullable(price),
            Optional.ofNullable(factor));
  }

  private Scenario.Event iceFor(Duration at, JsonNode body, String p) {
    known(body, p, Set.of("instanceType", "zone", "capacityType", "duration"));
    String type = text(body.path("instanceType"), p + ".instanceType", true);
    CapacityType capacity =
        body.has("capacityType")
            ? capacityType(body.path("capacityType"), p + ".capacityType")
            : CapacityType.SPOT;
    Duration length = duration(body.path("duration"), p + ".duration", true);
    if (type == null || capacity == null || length == null) {
      return null;
    }
    return new Scenario.IceFor(at, type, optionalText(body, "zone"), capacity, length);
  }

  private Scenario.Ref workload(JsonNode body, String p) {
    boolean deployment = body.has("deployment");
    if (deployment == body.has("job")) {
      problem(p, "must name exactly one of deployment, job");
      return null;
    }
    String field = deployment ? "deployment" : "job";
    String objectName = text(body.path(field), p + "." + field, true);
    return objectName == null
        ? null
        : new Scenario.Ref(
            deployment ? "Deployment" : "Job",
            body.path("namespace").asText("default"),
            objectName);
  }

  /** Loads manifests (a file or directory relative to the scenario) and keeps simulated kinds. */
  private List<HasMetadata> load(JsonNode entry, String path) {
    String relative = text(entry, path, true);
    if (relative == null) {
      return List.of();
    }
    Path target = base.resolve(relative).normalize();
    if (!Files.exists(target)) {
      problem(path, "\"" + relative + "\" does not exist (resolved to " + target + ")");
      return List.of();
    }
    LoadedManifests loaded = kinds.load(List.of(target));
    for (ManifestError error : loaded.errors()) {
      problems.add(error.toString());
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (Decoded<?> d : loaded.decoded()) {
      List<Problem> found = d.validate();
      if (!found.isEmpty()) {
        found.forEach(pr -> problems.add(d.document().source() + ": " + pr));
        continue;
      }
      if (!(d.object() instanceof HasMetadata object)
          || !SIMULATED_KINDS.contains(object.getKind())) {
        problems.add(
            d.document().source()
                + ": "
                + new Problem(
                    String.valueOf(d.document().kind()),
                    d.document().name(),
                    "kind",
                    "the simulator runs Namespace, Provisioner, AWSNodeTemplate, Deployment, Job and DaemonSet"));
        continue;
      }
      if (object.getMetadata().getNamespace() == null
          && (object instanceof Deployment
              || object instanceof Job
              || object instanceof DaemonSet)) {
        object.getMetadata().setNamespace("default");
      }
      objects.add(object);
    }
    return objects;
  }

  private void known(JsonNode node, String path, Set<String> fields) {
    if (node.isMissingNode() || node.isNull()) {
      return;
    }
    if (!node.isObject()) {
      problem(path, "must be a mapping");
      return;
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!fields.contains(field)) {
        problem(
            path + "." + field,
            "unknown field; known: " + String.join(", ", new java.util.TreeSet<>(fields)));
      }
    }
  }

  private String text(JsonNode node, String path, boolean required) {
    if (node.isMissingNode() || node.isNull()) {
      if (required) {
        problem(path, "is required");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problem(path, "must be a non-empty string");
      return null;
    }
    return node.asText();
  }

  private static Optional<String> optionalText(JsonNode body, String field) {
    JsonNode n = body.path(field);
    return n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
  }

  private Integer integer(JsonNode node, String path, int min, int max) {
    if (node.isMissingNode()) {
      problem(path, "is required");
      return null;
    }
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < min
        || node.asInt() > max) {
      problem(path, "must be a whole number from " + min + " to " + max);
      return null;
    }
    return node.asInt();
  }

  private Double number(JsonNode node, String path, boolean required) {
    if (node.isMissingNode()) {
      if (required) {
        problem(path, "is required");
      }
      return null;
    }
    if (!node.isNumber()) {
      problem(path, "must be a number");
      return null;
    }
    return node.asDouble();
  }

  private CapacityType capacityType(JsonNode node, String path) {
    if (node.isMissingNode()) {
      return CapacityType.ON_DEMAND;
    }
    for (CapacityType c : CapacityType.values()) {
      if (c.label().equals(node.asText())) {
        return c;
      }
    }
    problem(path, "must be spot or on-demand");
    return null;
  }

  private Duration duration(JsonNode node, String path, boolean required) {
    if (node.isMissingNode() || node.isNull()) {
      if (required) {
        problem(path, "is required");
      }
      return null;
    }
    Duration parsed = parseDuration(node.asText());
    if (parsed == null) {
      problem(
          path, "must be a duration such as 90s, 10m, 1h30m or 2d, got \"" + node.asText() + "\"");
    }
    return parsed;
  }

  /** {@code 1h30m}, {@code 90s}, {@code 2d}; null when malformed. */
  static Duration parseDuration(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(text);
    int end = 0;
    double millis = 0;
    while (m.find()) {
      if (m.start() != end) {
        return null;
      }
      end = m.end();
      double value = Double.parseDouble(m.group(1));
      millis +=
          value
              * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
              };
    }
    return end == text.length() && end > 0 ? Duration.ofMillis(Math.round(millis)) : null;
  }

  /** {@code 24h}, {@code 31m40s}, {@code 1h0m5s} style, as the schema writes durations. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (s >= 3600) {
      text.append(s / 3600).append('h');
    }
    if (s % 3600 != 0 && (s % 3600) / 60 > 0 || (s >= 3600 && s % 60 != 0)) {
      text.append((s % 3600) / 60).append('m');
    }
    if (s % 60 != 0) {
      text.append(s % 60).append('s');
    }
    return text.toString();
  }

  private void problem(String path, String rule) {
    problems.add(new Problem(KIND, name, path, rule).toString());
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
