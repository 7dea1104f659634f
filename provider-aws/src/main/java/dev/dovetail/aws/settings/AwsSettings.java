package dev.dovetail.aws.settings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dovetail.aws.controllers.interruption.RebalanceAction;
import dev.dovetail.aws.instancetype.CapacitySettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code settings.aws.*} values of the upstream chart, read from flags ({@code
 * --aws-cluster-name=x} or {@code --cluster-name x}) and environment variables ({@code
 * CLUSTER_NAME}, {@code AWS_CLUSTER_NAME}), flags winning, and validated at start with errors
 * naming the setting.
 */
public record AwsSettings(
    String clusterName,
    String clusterEndpoint,
    String defaultInstanceProfile,
    String interruptionQueueName,
    double vmMemoryOverheadPercent,
    int reservedEnis,
    boolean enableEniLimitedPodDensity,
    boolean enablePodEni,
    boolean isolatedVpc,
    Map<String, String> tags,
    String assumeRoleArn,
    Duration assumeRoleDuration,
    RebalanceAction rebalanceAction,
    String clusterCaBundle) {

  /** Setting name (as in {@code settings.aws.<name>}) → environment variable. */
  public static final Map<String, String> ENV =
      orderedMap(
          "clusterName", "CLUSTER_NAME",
          "clusterEndpoint", "CLUSTER_ENDPOINT",
          "defaultInstanceProfile", "AWS_DEFAULT_INSTANCE_PROFILE",
          "interruptionQueueName", "INTERRUPTION_QUEUE_NAME",
          "vmMemoryOverheadPercent", "VM_MEMORY_OVERHEAD_PERCENT",
          "reservedENIs", "RESERVED_ENIS",
          "enableENILimitedPodDensity", "AWS_ENABLE_ENI_LIMITED_POD_DENSITY",
          "enablePodENI", "AWS_ENABLE_POD_ENI",
          "isolatedVPC", "ISOLATED_VPC",
          "tags", "AWS_TAGS",
          "assumeRoleARN", "AWS_ASSUME_ROLE_ARN",
          "assumeRoleDuration", "AWS_ASSUME_ROLE_DURATION",
          // settings.interruption.rebalanceAction; flag --interruption-rebalance-action
          "interruptionRebalanceAction", "INTERRUPTION_REBALANCE_ACTION");

  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(h|m|s)");
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  public AwsSettings {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    clusterCaBundle = clusterCaBundle == null ? "" : clusterCaBundle;
  }

  /**
   * These settings with the API server endpoint and the base64 cluster CA bundle that nodes join
   * with, as discovered at start ({@link ClusterDiscovery}).
   */
  public AwsSettings withCluster(String endpoint, String caBundle) {
    return new AwsSettings(
        clusterName,
        endpoint,
        defaultInstanceProfile,
        interruptionQueueName,
        vmMemoryOverheadPercent,
        reservedEnis,
        enableEniLimitedPodDensity,
        enablePodEni,
        isolatedVpc,
        tags,
        assumeRoleArn,
        assumeRoleDuration,
        rebalanceAction,
        caBundle);
  }

  /** The settings that shape instance capacity. */
  public CapacitySettings capacitySettings() {
    return new CapacitySettings(
        vmMemoryOverheadPercent, reservedEnis, enableEniLimitedPodDensity, enablePodEni);
  }

  /** Settings with upstream defaults for a cluster name (tests, the demo). */
  public static AwsSettings defaults(String clusterName) {
    return parse(Map.of("clusterName", clusterName));
  }

  /**
   * Reads flags then environment.
   *
   * @throws IllegalArgumentException listing every bad setting by its {@code settings.aws.*} name
   */
  public static AwsSettings load(List<String> args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    ENV.forEach(
        (name, var) -> {
          String v = env.get(var);
          if (v == null) {
            v = env.get("AWS_" + var);
          }
          if (v != null) {
            values.put(name, v);
          }
        });
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        unknown.add(a);
        continue;
      }
      String flag = a.substring(2);
      String value = null;
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      }
      String name = settingForFlag(flag);
      if (name == null) {
        unknown.add("--" + flag);
      } else if (value == null) {
        unknown.add("--" + flag + " needs a value");
      } else {
        values.put(name, value);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown option(s) "
              + String.join(", ", unknown)
              + " (see --help for the options and settings)");
    }
    return parse(values);
  }

  private static String settingForFlag(String flag) {
    String f = flag.startsWith("aws-") ? flag.substring(4) : flag;
    for (String name : ENV.keySet()) {
      if (kebab(name).equals(f)) {
        return name;
      }
    }
    return null;
  }

  /** The flag of a setting without its {@code --aws-} prefix, e.g. {@code cluster-name}. */
  public static String flagName(String setting) {
    return kebab(setting);
  }

  private static String kebab(String name) {
    return name.replace("ENIs", "Enis")
        .replace("ENI", "Eni")
        .replace("VPC", "Vpc")
        .replace("ARN", "Arn")
        .replaceAll("([a-z])([A-Z])", "$1-$2")
        .toLowerCase(java.util.Locale.ROOT);
  }

  /** Validates raw values keyed by setting name. */
  public static AwsSettings parse(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    String clusterName = values.getOrDefault("clusterName", "").trim();
    if (clusterName.isEmpty()) {
      problems.add("settings.aws.clusterName is required (env CLUSTER_NAME or --cluster-name)");
    } else if (ClusterIdentityRules.clusterNameError(clusterName) != null) {
      problems.add(
          "settings.aws.clusterName " + ClusterIdentityRules.clusterNameError(clusterName));
    }
    String endpoint = values.getOrDefault("clusterEndpoint", "").trim();
    if (!endpoint.isEmpty() && ClusterIdentityRules.endpointError(endpoint) != null) {
      problems.add("settings.aws.clusterEndpoint " + ClusterIdentityRules.endpointError(endpoint));
    }
    double overhead = number(values, "vmMemoryOverheadPercent", "0.075", problems);
    if (overhead < 0 || overhead >= 1) {
      problems.add(
          "settings.aws.vmMemoryOverheadPercent must be a fraction in [0, 1), got " + overhead);
    }
    double reserved = number(values, "reservedENIs", "0", problems);
    if (reserved < 0 || reserved != Math.rint(reserved)) {
      problems.add(
          "settings.aws.reservedENIs must be a whole number >= 0, got "
              + values.get("reservedENIs"));
    }
    boolean eniDensity = bool(values, "enableENILimitedPodDensity", true, problems);
    boolean podEni = bool(values, "enablePodENI", false, problems);
    boolean isolated = bool(values, "isolatedVPC", false, problems);
    Map<String, String> tags = tags(values.get("tags"), problems);
    Duration assumeDuration = Duration.ofMinutes(15);
    String d = values.get("assumeRoleDuration");
    if (d != null && !d.isBlank()) {
      Optional<Duration> parsed = duration(d.trim());
      if (parsed.isEmpty() || parsed.get().compareTo(Duration.ofMinutes(15)) < 0) {
        problems.add(
            "settings.aws.assumeRoleDuration must be a duration of at least 15m (e.g. 15m, 1h), got '"
                + d
                + "'");
      } else {
        assumeDuration = parsed.get();
      }
    }
    String roleArn = values.getOrDefault("assumeRoleARN", "").trim();
    if (!roleArn.isEmpty() && !ROLE_ARN.matcher(roleArn).matches()) {
      problems.add(
          "settings.aws.assumeRoleARN must be an IAM role ARN (arn:aws:iam::123456789012:role/name),"
              + " got "
              + Printable.of(roleArn));
    }
    if (assumeDuration.compareTo(Duration.ofHours(12)) > 0) {
      problems.add("settings.aws.assumeRoleDuration must be at most 12h, got '" + d + "'");
    }
    RebalanceAction rebalance = RebalanceAction.NONE;
    String r = values.get("interruptionRebalanceAction");
    if (r != null && !r.isBlank()) {
      try {
        rebalance = RebalanceAction.parse(r);
      } catch (IllegalArgumentException e) {
        problems.add("settings.interruption.rebalanceAction " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid AWS settings: " + String.join("; ", problems));
    }
    return new AwsSettings(
        clusterName,
        endpoint,
        values.getOrDefault("defaultInstanceProfile", ""),
        values.getOrDefault("interruptionQueueName", ""),
        overhead,
        (int) reserved,
        eniDensity,
        podEni,
        isolated,
        tags,
        roleArn,
        assumeDuration,
        rebalance,
        "");
  }

  private static double number(
      Map<String, String> values, String name, String dflt, List<String> problems) {
    String v = values.getOrDefault(name, dflt).trim();
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add("settings.aws." + name + " must be a finite number, got " + Printable.of(v));
    return Double.parseDouble(dflt);
  }

  private static boolean bool(
      Map<String, String> values, String name, boolean dflt, List<String> problems) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problems.add("settings.aws." + name + " must be true or false, got '" + v + "'");
        yield dflt;
      }
    };
  }

  /** Parses the JSON object of string values used by {@code aws.tags}. */
  private static Map<String, String> tags(String json, List<String> problems) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    Map<String, String> tags = new TreeMap<>();
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not an object");
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException("value of " + e.getKey() + " is not a string");
        }
        tags.put(e.getKey(), e.getValue().textValue());
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          "settings.aws.tags (AWS_TAGS) must be a JSON object of strings, got "
              + Printable.of(json));
      return Map.of();
    }
    for (String key : tags.keySet()) {
      if (key.startsWith("kubernetes.io/cluster/")
          || key.equals("karpenter.sh/provisioner-name")
          || key.equals("karpenter.sh/managed-by")) {
        problems.add("settings.aws.tags: key '" + key + "' is restricted");
      } else if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        problems.add(
            "settings.aws.tags: key " + Printable.of(key) + " uses the reserved aws: prefix");
      } else if (key.isEmpty() || key.length() > 128 || tags.get(key).length() > 256) {
        problems.add(
            "settings.aws.tags: key "
                + Printable.of(key)
                + " must be 1-128 characters with a value of at most 256");
      }
    }
    return tags;
  }

  private static Optional<Duration> duration(String text) {
    Matcher m = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        return Optional.empty();
      }
      if (m.group(1).length() > 9) {
        return Optional.empty();
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
              });
      end = m.end();
    }
    return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
