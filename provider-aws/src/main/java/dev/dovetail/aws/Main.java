package dev.dovetail.aws;

import dev.dovetail.aws.cloudprovider.AssumedRole;
import dev.dovetail.aws.cloudprovider.AwsClients;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.instance.Sleeper;
import dev.dovetail.aws.logging.LoggingSetup;
import dev.dovetail.aws.nodeclass.NodeClassReader;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.settings.ClusterDiscovery;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.operator.InvalidOptionsException;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.ExecutorTaskScheduler;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/**
 * The daemon's entry point: parses the options and AWS settings (a bad value names the option and
 * exits 2 without a stack trace), builds the Kubernetes client and the AWS SDK clients (or the
 * simulated backend with {@code --simulated}), and runs {@link AwsOperator} until SIGTERM.
 */
public final class Main {
  /** Exit code for invalid options. */
  public static final int USAGE = 2;

  private static final String SIMULATED = "--simulated";

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(usage());
      System.exit(0);
      return;
    }
    Optional<Parsed> parsed = parse(List.of(args), System.getenv(), System.err);
    if (parsed.isEmpty()) {
      System.exit(USAGE);
      return;
    }
    run(parsed.get());
  }

  /**
   * The options of one run.
   *
   * @param region the AWS region (AWS_REGION)
   * @param simulated run against the in-process simulated EC2/Pricing/SSM backend
   */
  public record Parsed(
      OperatorOptions options, AwsSettings settings, String region, boolean simulated) {}

  /** The {@code --help} text: the core options, then the AWS settings with their variables. */
  public static String usage() {
    StringBuilder s =
        new StringBuilder("Usage: dovetail-controller [options]\n\nOptions:\n")
            .append(dev.dovetail.operator.OptionValues.usage(OperatorOptions.SPECS))
            .append("  " + SIMULATED + "  run against the in-process simulated AWS backend\n")
            .append("\nAWS settings (flag, environment variable):\n");
    AwsSettings.ENV.forEach(
        (name, variable) ->
            s.append("  --aws-")
                .append(AwsSettings.flagName(name))
                .append("  ")
                .append(variable)
                .append('\n'));
    return s.toString();
  }

  /** Parses flags and environment; prints every problem to {@code err} and returns empty. */
  public static Optional<Parsed> parse(
      List<String> args, Map<String, String> env, PrintStream err) {
    List<String> core = new ArrayList<>();
    List<String> aws = new ArrayList<>();
    boolean simulated = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (flag.equals(SIMULATED)) {
        simulated = true;
        continue;
      }
      boolean isCore = OperatorOptions.SPECS.stream().anyMatch(s -> s.flag().equals(flag));
      List<String> target = isCore || !flag.startsWith("--") ? core : aws;
      List<String> given = new ArrayList<>(List.of(arg));
      if (!arg.contains("=")
          && i + 1 < args.size()
          && !args.get(i + 1).startsWith("--")
          && !flag.equals(OperatorOptions.LEADER_ELECT)) {
        given.add(args.get(++i));
      }
      target.addAll(given);
      if (flag.equals(OperatorOptions.CLUSTER_NAME)) {
        // Both the core options and the AWS settings need the cluster name.
        aws.addAll(given);
      }
    }
    List<String> problems = new ArrayList<>();
    OperatorOptions options = null;
    try {
      options = OperatorOptions.parse(env, core.toArray(String[]::new));
    } catch (InvalidOptionsException e) {
      problems.add(e.getMessage());
    }
    AwsSettings settings = null;
    try {
      settings = AwsSettings.load(aws, env);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    if (region == null || region.isBlank()) {
      if (simulated) {
        region = "us-west-2";
      } else {
        problems.add("AWS_REGION: required (the region of the cluster, for example us-west-2)");
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(p -> err.println("dovetail: " + p));
      return Optional.empty();
    }
    return Optional.of(new Parsed(options, settings, region, simulated));
  }

  private static void run(Parsed p) throws InterruptedException {
    LoggingSetup.apply(p.options().logLevel(), p.options().logFormat(), "");
    Logger log = LoggerFactory.getLogger("controller");
    Clock clock = Clock.systemUTC();
    KubernetesClient client =
        new KubernetesClientBuilder().withConfig(clientConfig(p.options())).build();
    Function<String, Optional<NodeClassSpec>> nodeClasses = nodeClasses(client);
    Supplier<String> version = () -> kubernetesVersion(client);
    ApiServerWait.until(
        version, client.getConfiguration().getMasterUrl(), System.err::println, Sleeper.REAL);
    AwsProviders providers;
    AwsClients clients = null;
    if (p.simulated()) {
      SimulatedAws aws = SimulatedAws.builtIn(p.region(), clock);
      aws.seedDefaultNetwork(p.settings().clusterName(), 4096, version.get());
      if (!p.settings().interruptionQueueName().isBlank()) {
        aws.createInterruptionQueue(p.settings().interruptionQueueName());
      }
      providers = AwsProviders.simulated(aws, p.settings(), version.get(), nodeClasses);
    } else {
      AwsSettings settings;
      try {
        settings =
            ClusterDiscovery.complete(
                p.settings(), kubeCa(client), name -> describeCluster(p, name));
      } catch (IllegalArgumentException e) {
        System.err.println("dovetail: " + e.getMessage());
        System.exit(USAGE);
        return;
      }
      clients = AwsClients.create(p.region(), settings);
      providers = AwsProviders.production(clients, settings, p.region(), version, nodeClasses);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stopped = new CountDownLatch(1);
    ExecutorTaskScheduler scheduler = new ExecutorTaskScheduler("dovetail-scheduler");
    String identity =
        System.getenv().getOrDefault("POD_NAME", "dovetail-" + ProcessHandle.current().pid());
    AwsOperator operator =
        new AwsOperator(
            p.options(),
            client,
            providers,
            registry,
            registry::scrape,
            identity,
            clock,
            scheduler,
            stopped::countDown);
    AwsClients owned = clients;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  scheduler.close();
                  client.close();
                  if (owned != null) {
                    owned.close();
                  }
                  stopped.countDown();
                },
                "shutdown"));
    log.atInfo()
        .addKeyValue("region", p.region())
        .addKeyValue("simulated", p.simulated())
        .log("starting");
    operator.start();
    stopped.await();
    System.exit(operator.operator().isLeader() ? 0 : 1);
  }

  private static ClusterDiscovery.KubeCa kubeCa(KubernetesClient client) {
    Config config = client.getConfiguration();
    return new ClusterDiscovery.KubeCa(config.getCaCertData(), config.getCaCertFile());
  }

  /** {@code eks:DescribeCluster}, with the same credentials as every other AWS call. */
  private static ClusterDiscovery.EksCluster describeCluster(Parsed p, String name) {
    try (EksClient eks =
        EksClient.builder()
            .region(Region.of(p.region()))
            .credentialsProvider(
                AssumedRole.credentials(
                    p.settings(), p.region(), DefaultCredentialsProvider.builder().build()))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      Cluster cluster = eks.describeCluster(b -> b.name(name)).cluster();
      return new ClusterDiscovery.EksCluster(
          cluster.endpoint(),
          cluster.certificateAuthority() == null ? null : cluster.certificateAuthority().data());
    }
  }

  private static Config clientConfig(OperatorOptions options) {
    // fabric8 has no client-side QPS limiter; the QPS and burst options are accepted for
    // compatibility with Karpenter's chart and not enforced yet.
    return Config.autoConfigure(null);
  }

  /**
   * Reads AWSNodeTemplates by name: from the API server until {@link AwsOperator} attaches its
   * informer.
   */
  public static NodeClassReader nodeClasses(KubernetesClient client) {
    return new NodeClassReader(client);
  }

  /** {@code major.minor} of the API server, for example {@code 1.28}. */
  static String kubernetesVersion(KubernetesClient client) {
    var info = client.getKubernetesVersion();
    return info.getMajor().replaceAll("\\D", "") + "." + info.getMinor().replaceAll("\\D", "");
  }
}
