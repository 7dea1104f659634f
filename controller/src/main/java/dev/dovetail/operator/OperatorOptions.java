package dev.dovetail.operator;

import dev.dovetail.scheduling.SolveOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The process options of the controller, with Karpenter's names and defaults where it has them
 * (v0.31 {@code pkg/operator/options} and global settings). Each option is a {@code --flag} and an
 * environment variable; flags win. {@link #parse} validates everything at once and fails with an
 * {@link InvalidOptionsException} that names each bad option.
 *
 * @param batchIdleDuration a batch closes after this long without a new pending pod (≥ 1 s)
 * @param batchMaxDuration a batch closes at the latest after this long (≥ 1 s)
 * @param metricsPort port of {@code /metrics}
 * @param healthProbePort port of {@code /healthz} and {@code /readyz}
 * @param logLevel debug, info, warn or error
 * @param logFormat json (one object per line) or console (readable, for the demo)
 * @param leaderElect whether replicas elect a leader on a Lease
 * @param leaderElectionNamespace namespace of the Lease
 * @param leaderElectionName name of the Lease
 * @param clusterName the cluster's name, used to tag and find the instances Dovetail manages
 * @param kubeClientQps sustained requests per second to the API server
 * @param kubeClientBurst request burst to the API server
 * @param packing how the provisioning loop packs new nodes ({@code CHEAPEST} in the daemon; {@code
 *     dovetail simulate} also runs upstream's first-fit-decreasing as a baseline)
 */
public record OperatorOptions(
    Duration batchIdleDuration,
    Duration batchMaxDuration,
    int metricsPort,
    int healthProbePort,
    String logLevel,
    String logFormat,
    boolean leaderElect,
    String leaderElectionNamespace,
    String leaderElectionName,
    String clusterName,
    int kubeClientQps,
    int kubeClientBurst,
    SolveOptions.Packing packing) {

  /** The options with the default packing. */
  public OperatorOptions(
      Duration batchIdleDuration,
      Duration batchMaxDuration,
      int metricsPort,
      int healthProbePort,
      String logLevel,
      String logFormat,
      boolean leaderElect,
      String leaderElectionNamespace,
      String leaderElectionName,
      String clusterName,
      int kubeClientQps,
      int kubeClientBurst) {
    this(
        batchIdleDuration,
        batchMaxDuration,
        metricsPort,
        healthProbePort,
        logLevel,
        logFormat,
        leaderElect,
        leaderElectionNamespace,
        leaderElectionName,
        clusterName,
        kubeClientQps,
        kubeClientBurst,
        SolveOptions.DEFAULT.packing());
  }

  /** The same options with another packing. */
  public OperatorOptions withPacking(SolveOptions.Packing newPacking) {
    return new OperatorOptions(
        batchIdleDuration,
        batchMaxDuration,
        metricsPort,
        healthProbePort,
        logLevel,
        logFormat,
        leaderElect,
        leaderElectionNamespace,
        leaderElectionName,
        clusterName,
        kubeClientQps,
        kubeClientBurst,
        newPacking);
  }

  public static final String BATCH_IDLE_DURATION = "--batch-idle-duration";
  public static final String BATCH_MAX_DURATION = "--batch-max-duration";
  public static final String METRICS_PORT = "--metrics-port";
  public static final String HEALTH_PROBE_PORT = "--health-probe-port";
  public static final String LOG_LEVEL = "--log-level";
  public static final String LOG_FORMAT = "--log-format";
  public static final String LEADER_ELECT = "--leader-elect";
  public static final String LEADER_ELECTION_NAMESPACE = "--leader-election-namespace";
  public static final String LEADER_ELECTION_NAME = "--leader-election-name";
  public static final String CLUSTER_NAME = "--cluster-name";
  public static final String KUBE_CLIENT_QPS = "--kube-client-qps";
  public static final String KUBE_CLIENT_BURST = "--kube-client-burst";

  public static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error");
  public static final List<String> LOG_FORMATS = List.of("json", "console");

  /** Every core option, in {@code --help} order. */
  public static final List<OptionSpec> SPECS =
      List.of(
          new OptionSpec(
              BATCH_IDLE_DURATION,
              "BATCH_IDLE_DURATION",
              "1s",
              "close a provisioning batch after this long without a new pending pod"),
          new OptionSpec(
              BATCH_MAX_DURATION,
              "BATCH_MAX_DURATION",
              "10s",
              "close a provisioning batch at the latest after this long"),
          new OptionSpec(METRICS_PORT, "METRICS_PORT", "8000", "port of /metrics"),
          new OptionSpec(
              HEALTH_PROBE_PORT, "HEALTH_PROBE_PORT", "8081", "port of /healthz and /readyz"),
          new OptionSpec(LOG_LEVEL, "LOG_LEVEL", "info", "debug, info, warn or error"),
          new OptionSpec(
              LOG_FORMAT, "LOG_FORMAT", "json", "json (one object per line) or console (readable)"),
          new OptionSpec(
              LEADER_ELECT, "LEADER_ELECT", "true", "elect a leader among replicas on a Lease"),
          new OptionSpec(
              LEADER_ELECTION_NAMESPACE,
              "LEADER_ELECTION_NAMESPACE",
              "kube-system",
              "namespace of the leader election Lease"),
          new OptionSpec(
              LEADER_ELECTION_NAME,
              "LEADER_ELECTION_NAME",
              "dovetail-leader-election",
              "name of the leader election Lease"),
          new OptionSpec(
              CLUSTER_NAME,
              "CLUSTER_NAME",
              null,
              "name of the cluster; tags and finds the instances Dovetail manages (required)"),
          new OptionSpec(
              KUBE_CLIENT_QPS, "KUBE_CLIENT_QPS", "200", "requests per second to the API server"),
          new OptionSpec(
              KUBE_CLIENT_BURST, "KUBE_CLIENT_BURST", "300", "request burst to the API server"));

  static final Set<String> BOOLEANS = Set.of(LEADER_ELECT);

  private static final Duration MIN_BATCH = Duration.ofSeconds(1);

  /** Parses the core options only; unknown flags are errors. */
  public static OperatorOptions parse(Map<String, String> env, String... args) {
    OptionValues values = OptionValues.resolve(SPECS, env, Arrays.asList(args), BOOLEANS);
    OperatorOptions options = from(values);
    values.throwIfInvalid();
    return options;
  }

  /**
   * Reads the core options from values resolved together with a provider's own options; problems
   * are recorded in {@code values} (call {@link OptionValues#throwIfInvalid()} afterwards).
   */
  public static OperatorOptions from(OptionValues values) {
    Duration idle = values.duration(BATCH_IDLE_DURATION, MIN_BATCH);
    Duration max = values.duration(BATCH_MAX_DURATION, MIN_BATCH);
    Integer metricsPort = values.integer(METRICS_PORT, 1, 65535);
    Integer healthPort = values.integer(HEALTH_PROBE_PORT, 1, 65535);
    if (metricsPort != null && metricsPort.equals(healthPort)) {
      values.invalid(HEALTH_PROBE_PORT, "must differ from " + METRICS_PORT);
    }
    String level = values.oneOf(LOG_LEVEL, LOG_LEVELS);
    String format = values.oneOf(LOG_FORMAT, LOG_FORMATS);
    Boolean leaderElect = values.bool(LEADER_ELECT);
    String leaseNamespace = values.required(LEADER_ELECTION_NAMESPACE);
    String leaseName = values.required(LEADER_ELECTION_NAME);
    String clusterName = values.required(CLUSTER_NAME);
    Integer qps = values.integer(KUBE_CLIENT_QPS, 1, 100_000);
    Integer burst = values.integer(KUBE_CLIENT_BURST, 1, 100_000);
    if (!values.problems().isEmpty()) {
      return null;
    }
    return new OperatorOptions(
        idle,
        max,
        metricsPort,
        healthPort,
        level,
        format,
        leaderElect,
        leaseNamespace,
        leaseName,
        clusterName,
        qps,
        burst);
  }
}
