package dev.dovetail.sim.demo;

import dev.dovetail.api.crd.CrdDefinition;
import dev.dovetail.api.crd.KarpenterCrds;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.AwsOperator;
import dev.dovetail.aws.Main;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AwsCrds;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.instance.Sleeper;
import dev.dovetail.aws.logging.LoggingSetup;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.LoadedManifests;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.ExecutorTaskScheduler;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.sim.kube.KubeApiServer;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.workload.WorkloadController;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The getting-started flow (scenario A.2) on an embedded cluster: the real controllers with the AWS
 * provider on the simulated EC2/Pricing/SSM backend, a simulated kubelet, kube-scheduler and
 * Deployment controller. Applies the manifests, scales {@code inflate} 0 → 5 → 12, deletes one node
 * as {@code kubectl delete node} does, ends with a spot interruption, and prints a node table after
 * each step. Runs on the system clock with short boot delays.
 */
public final class Demo {
  /** The discovery tag value the simulated subnets and security groups carry. */
  public static final String CLUSTER = "my-cluster";

  private static final String K8S_VERSION = "1.28";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param region us-west-2 or any region of the built-in catalog
   * @param manifests the scenario directory (Provisioner, AWSNodeTemplate, Deployment)
   * @param keepRunning leave the cluster up at the end and print a kubeconfig
   * @param apiServer {@code embedded} or {@code real} (see {@link DemoApiServers})
   */
  public record Settings(
      String region, Path manifests, boolean keepRunning, PrintStream out, String apiServer) {
    public Settings(String region, Path manifests, boolean keepRunning, PrintStream out) {
      this(region, manifests, keepRunning, out, DemoApiServers.EMBEDDED);
    }
  }

  private final Settings settings;
  private final Clock clock = Clock.systemUTC();
  private final List<SingletonLoop> loops = new ArrayList<>();

  public Demo(Settings settings) {
    this.settings = settings;
  }

  /** Runs the demo; returns the process exit code. */
  public int run() throws Exception {
    PrintStream out = settings.out();
    LoggingSetup.apply("info", LoggingSetup.CONSOLE, "");
    Instant started = clock.instant();
    try (KubeApiServer api = DemoApiServers.start(settings.apiServer(), clock);
        ExecutorTaskScheduler scheduler = new ExecutorTaskScheduler("demo-scheduler")) {
      KubernetesClient client = api.newClient();
      registerCrds(client);
      DemoApiServers.awaitCrds(api, client);

      SimulatedAws aws = SimulatedAws.builtIn(settings.region(), clock);
      aws.seedDefaultNetwork(CLUSTER, 4096, K8S_VERSION);
      aws.createInterruptionQueue(CLUSTER);
      // Instances shut down in 5 s instead of EC2's ~30 s, so the deletion steps stay short.
      aws.setShuttingDownDuration(Duration.ofSeconds(5));
      AwsProviders providers =
          AwsProviders.simulated(
              aws,
              AwsSettings.parse(
                  java.util.Map.of("clusterName", CLUSTER, "interruptionQueueName", CLUSTER)),
              K8S_VERSION,
              Main.nodeClasses(client));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      OperatorOptions options =
          new OperatorOptions(
              Duration.ofSeconds(1),
              Duration.ofSeconds(10),
              0,
              0,
              "info",
              "console",
              false,
              "kube-system",
              "dovetail-leader-election",
              CLUSTER,
              200,
              300);
      step(
          out,
          "Starting the "
              + api.kind()
              + " API server, the simulated AWS backend ("
              + settings.region()
              + ") and the Dovetail controllers");
      try (AwsOperator operator =
          new AwsOperator(
              options,
              api.newClient(),
              providers,
              registry,
              registry::scrape,
              "dovetail-demo",
              clock,
              scheduler,
              () -> {})) {
        operator.start().get(30, TimeUnit.SECONDS);
        startSimulators(client, aws, scheduler, registry);

        step(out, "kubectl apply -f " + settings.manifests() + " (inflate at replicas 0)");
        apply(client);
        NodeTable table = new NodeTable(client, providers.pricing());

        for (int replicas : new int[] {5, 12}) {
          step(out, "kubectl scale deployment inflate --replicas " + replicas);
          scale(client, replicas);
          waitFor(
              () -> running(client) == replicas && noPending(client),
              "inflate at " + replicas + " running pods");
          out.print(table.render());
        }

        Node victim = client.nodes().list().getItems().get(0);
        String name = victim.getMetadata().getName();
        step(out, "kubectl delete node " + name);
        client.nodes().withName(name).delete();
        waitFor(
            () ->
                client.nodes().withName(name).get() == null
                    && running(client) == 12
                    && noPending(client),
            "node " + name + " drained and removed, its pods running elsewhere");
        out.print(table.render());

        spotInterruption(client, aws, table);
        consolidationStep(client, table);

        Duration took = Duration.between(started, clock.instant());
        step(out, "Done in " + took.toSeconds() + " s");
        if (settings.keepRunning()) {
          Path kubeconfig =
              api.writeKubeconfig(Files.createTempFile("dovetail-demo-", ".kubeconfig"));
          out.println("The cluster keeps running. Try:");
          out.println("  export KUBECONFIG=" + kubeconfig);
          out.println(
              "  kubectl get nodes -L karpenter.sh/capacity-type -L karpenter.k8s.aws/instance-family"
                  + " -L karpenter.k8s.aws/instance-size");
          out.println("  kubectl get provisioners,awsnodetemplates,machines");
          out.println("Press Ctrl-C to stop.");
          CountDownLatch stop = new CountDownLatch(1);
          Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
          stop.await();
        }
      } finally {
        loops.forEach(l -> l.stop(Duration.ofSeconds(2)));
      }
    }
    return 0;
  }

  /**
   * EC2 reclaims the spot pool of the busiest node: the interruption warning arrives on the
   * simulated SQS queue, Dovetail launches the replacement, drains the node once the replacement is
   * up, and the node goes before EC2 takes the instance.
   */
  private void spotInterruption(KubernetesClient client, SimulatedAws aws, NodeTable table)
      throws InterruptedException {
    PrintStream out = settings.out();
    Node victim = busiestNode(client);
    String name = victim.getMetadata().getName();
    var labels = victim.getMetadata().getLabels();
    String type = labels.get(dev.dovetail.scheduling.WellKnownLabels.INSTANCE_TYPE);
    String zone = labels.get(dev.dovetail.scheduling.WellKnownLabels.ZONE);
    java.util.Set<String> machinesBefore = machineNames(client);
    step(out, "EC2 reclaims the spot pool " + type + " in " + zone + " (node " + name + ")");
    Instant warned = clock.instant();
    out.println("spot interruption warning for " + aws.reclaimSpot(type, zone));
    waitFor(
        () -> !machinesBefore.containsAll(machineNames(client)),
        "a replacement machine for " + name);
    out.println(
        "replacement machine created after "
            + Duration.between(warned, clock.instant()).toMillis()
            + " ms, while "
            + name
            + " still runs its pods");
    waitFor(
        () ->
            client.nodes().withName(name).get() == null
                && running(client) == 12
                && noPending(client),
        "node " + name + " drained and removed, its pods running on the replacement");
    out.println(
        "node "
            + name
            + " drained and gone, all pods running, "
            + Duration.between(warned, clock.instant()).toSeconds()
            + " s after the warning (EC2 takes the instance after 120 s)");
    out.print(table.render());
  }

  private static Node busiestNode(KubernetesClient client) {
    var byNode =
        inflatePods(client).stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .collect(
                java.util.stream.Collectors.groupingBy(
                    p -> p.getSpec().getNodeName(), java.util.stream.Collectors.counting()));
    String name =
        byNode.entrySet().stream()
            .max(java.util.Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    return client.nodes().withName(name).get();
  }

  private static java.util.Set<String> machineNames(KubernetesClient client) {
    return client.resources(dev.dovetail.api.v1alpha5.Machine.class).list().getItems().stream()
        .map(m -> m.getMetadata().getName())
        .collect(java.util.stream.Collectors.toSet());
  }

  /**
   * Scale-down with consolidation on: the deprovisioner removes (spot nodes are never replaced by
   * spot) the nodes whose pods fit elsewhere, and each decision says what it saves.
   */
  private void consolidationStep(KubernetesClient client, NodeTable table)
      throws InterruptedException {
    PrintStream out = settings.out();
    step(
        out,
        "kubectl patch provisioner default --type merge -p"
            + " '{\"spec\":{\"consolidation\":{\"enabled\":true},\"ttlSecondsAfterEmpty\":null}}'"
            + " && kubectl scale deployment inflate --replicas 2");
    client
        .resources(Provisioner.class)
        .withName("default")
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"spec\":{\"consolidation\":{\"enabled\":true},\"ttlSecondsAfterEmpty\":null}}");
    int before = client.nodes().list().getItems().size();
    scale(client, 2);
    waitFor(
        () ->
            running(client) == 2
                && noPending(client)
                && client.nodes().list().getItems().size() < before
                && client.nodes().list().getItems().stream()
                    .allMatch(
                        n ->
                            n.getMetadata().getDeletionTimestamp() == null
                                && !Boolean.TRUE.equals(n.getSpec().getUnschedulable())
                                && inflatePods(client).stream()
                                    .anyMatch(
                                        p ->
                                            n.getMetadata()
                                                .getName()
                                                .equals(p.getSpec().getNodeName()))),
        "consolidation after the scale-down: no node left without an inflate pod");
    client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> "DeprovisioningTerminating".equals(e.getReason()))
        .filter(e -> "Node".equals(e.getInvolvedObject().getKind()))
        .forEach(e -> out.println(e.getInvolvedObject().getName() + ": " + e.getMessage()));
    out.print(table.render());
  }

  private static void step(PrintStream out, String text) {
    out.println();
    out.println("==> " + text);
  }

  private void startSimulators(
      KubernetesClient client,
      SimulatedAws aws,
      ExecutorTaskScheduler scheduler,
      PrometheusMeterRegistry registry) {
    Duration interval = Duration.ofMillis(500);
    loops.add(
        new SingletonLoop(
            "sim.kubelet",
            new SimulatedKubelet(
                client,
                new SimulatedInstances(aws, client),
                clock,
                new SimulatedKubelet.Delays(Duration.ofSeconds(3), Duration.ofSeconds(1)),
                interval),
            clock,
            scheduler,
            registry));
    loops.add(
        new SingletonLoop(
            "sim.scheduler",
            new SimulatedScheduler(client, clock, interval),
            clock,
            scheduler,
            registry));
    loops.add(
        new SingletonLoop(
            "sim.workload",
            new WorkloadController(client, new Random(1), interval),
            clock,
            scheduler,
            registry));
    loops.forEach(SingletonLoop::start);
  }

  /** Registers the Provisioner, Machine and AWSNodeTemplate CRDs. */
  public static void registerCrds(KubernetesClient client) {
    List<CrdDefinition> crds = new ArrayList<>(KarpenterCrds.all());
    crds.add(AwsCrds.AWS_NODE_TEMPLATE);
    for (CrdDefinition definition : crds) {
      CustomResourceDefinition crd =
          Serialization.jsonMapper()
              .convertValue(definition.toCrd(), CustomResourceDefinition.class);
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
  }

  private void apply(KubernetesClient client) {
    LoadedManifests loaded = KindRegistry.discover().load(List.of(settings.manifests()));
    if (!loaded.problems().isEmpty()) {
      throw new IllegalArgumentException(
          settings.manifests() + ": invalid manifests: " + loaded.problems());
    }
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(loaded.objects(AWSNodeTemplate.class));
    objects.addAll(loaded.objects(Provisioner.class));
    for (Deployment d : loaded.objects(Deployment.class)) {
      d.getSpec().setReplicas(0);
      if (d.getMetadata().getNamespace() == null) {
        d.getMetadata().setNamespace("default");
      }
      objects.add(d);
    }
    for (HasMetadata object : objects) {
      client.resource(object).create();
      settings
          .out()
          .println(
              object.getKind().toLowerCase(java.util.Locale.ROOT)
                  + "/"
                  + object.getMetadata().getName()
                  + " created");
    }
  }

  private static void scale(KubernetesClient client, int replicas) {
    Deployment d = client.apps().deployments().inNamespace("default").withName("inflate").get();
    d.getSpec().setReplicas(replicas);
    client.apps().deployments().inNamespace("default").resource(d).update();
  }

  private static long running(KubernetesClient client) {
    return inflatePods(client).stream()
        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .count();
  }

  private static boolean noPending(KubernetesClient client) {
    return inflatePods(client).stream()
        .allMatch(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty());
  }

  private static List<Pod> inflatePods(KubernetesClient client) {
    return client.pods().inNamespace("default").withLabel("app", "inflate").list().getItems();
  }

  private static final Duration POLL = Duration.ofMillis(250);

  private void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    Instant deadline = clock.instant().plus(STEP_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "timed out after " + STEP_TIMEOUT.toSeconds() + " s waiting for " + what);
      }
      // The demo runs on the real clock: it polls the embedded cluster like a user with kubectl.
      Sleeper.REAL.sleep(POLL);
    }
  }
}
