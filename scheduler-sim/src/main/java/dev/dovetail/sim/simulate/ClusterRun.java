package dev.dovetail.sim.simulate;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.AwsOperator;
import dev.dovetail.aws.Main;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.solver.Scheduler;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.demo.SimulatedInstances;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kube.ObjectReads;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.workload.DaemonSetController;
import dev.dovetail.sim.workload.WorkloadController;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * One baseline replayed on the real controllers: the embedded API server, the daemon's composition
 * ({@link AwsOperator}, so every controller the daemon runs is included) on the simulated AWS
 * backend, and the simulated kubelet, kube-scheduler and workload controllers, all on simulated
 * time. Between jumps of the clock it waits until the informers have seen every change and no
 * controller has ready work, so a run depends on the seed only.
 */
final class ClusterRun implements AutoCloseable {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final String K8S_VERSION = "1.28";
  private static final String INTERRUPTION_QUEUE = "dovetail-simulate-interruptions";

  /**
   * How often the simulated kubelet, scheduler and workload controllers may run. A pass only runs
   * when pods or nodes changed or a boot step fell due, so this bounds the pod start latency's
   * resolution, not the cost of an idle cluster.
   */
  private static final Duration TICK = Duration.ofSeconds(5);

  private static final Duration BOOT = Duration.ofSeconds(40);
  private static final Duration READY = Duration.ofSeconds(10);
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final Duration BOUND_EVERY = Duration.ofMinutes(15);

  /** Prints where the run is every simulated hour (for profiling long runs). */
  private static final boolean STATS = System.getenv("DOVETAIL_SIMULATE_STATS") != null;

  /** How this baseline provisions. */
  record Settings(
      String name,
      String description,
      SolveOptions.Packing packing,
      boolean lowerBound,
      Duration sampleEvery) {}

  private final Scenario scenario;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final Settings settings;
  private final SimulationClock clock = new SimulationClock(START);
  private final InformerCatchUp catchUp;
  private final EmbeddedKubeApi api;
  private final KubernetesClient client;
  private final SimulatedAws aws;
  private final AwsProviders providers;
  private final AwsOperator operator;
  private final WorkloadController workloads;
  private final DaemonSetController daemonSets;
  private final SimulatedScheduler scheduler;
  private final SimulatedKubelet kubelet;
  private final SimulatedJobs jobs;
  private final RunRecorder recorder;
  private final PriceBook prices;
  private final SpotReclaimer reclaimer;
  private final ControllerDriver driver;
  private final Instant end;
  private long syncedAtEvents = -1;
  private boolean dirty = true;
  private long syncs;
  private long instants;

  ClusterRun(Scenario scenario, Catalog catalog, String region, Settings settings, Clock wall) {
    this.scenario = scenario;
    this.catchUp = new InformerCatchUp(wall);
    this.settings = settings;
    this.end = START.plus(scenario.duration());
    this.api = EmbeddedKubeApi.start(clock, 0);
    api.onWrite(catchUp::serverWrote);
    api.discardEvents();
    this.client = patientClient(api);
    Demo.registerCrds(client);
    this.aws = new SimulatedAws(catalog, region, clock, scenario.seed());
    aws.seedDefaultNetwork(Demo.CLUSTER, 65_536, K8S_VERSION);
    aws.createInterruptionQueue(INTERRUPTION_QUEUE);
    this.providers =
        AwsProviders.simulated(
                aws,
                AwsSettings.parse(
                    java.util.Map.of(
                        "clusterName", Demo.CLUSTER, "interruptionQueueName", INTERRUPTION_QUEUE)),
                K8S_VERSION,
                Main.nodeClasses(client))
            .withSqs(withoutLongPolling(aws.sqs()))
            // One message after the other, on the simulation's thread: handlers running in
            // parallel would race each other's provisioning passes and end differently each run.
            .withInterruptionWorkers(Runnable::run);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    OperatorOptions options =
        new OperatorOptions(
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                0,
                0,
                "warn",
                "json",
                false,
                "kube-system",
                "dovetail-leader-election",
                Demo.CLUSTER,
                100_000,
                100_000)
            .withPacking(settings.packing());
    this.operator =
        new AwsOperator(
            options,
            patientClient(api),
            providers,
            registry,
            () -> "",
            "dovetail-simulate",
            clock,
            clock,
            () -> {},
            // Nothing in a simulation reads Events: counted here instead of posted and discarded.
            event -> eventsPublished.merge(event.reason(), 1, Integer::sum),
            new Random(scenario.seed() + 2));
    this.prices = new PriceBook(aws);
    this.recorder = new RunRecorder(clock, START, aws, prices);
    this.reclaimer = new SpotReclaimer(aws, clock, new Random(scenario.seed()));
    ClusterInformers informers = operator.informers();
    recorder.follow(informers.pods(), informers.nodes());
    SortedMirror<Pod> pods = SortedMirror.of(informers.pods());
    SortedMirror<Node> nodes = SortedMirror.of(informers.nodes());
    SortedMirror<Machine> machines = SortedMirror.of(informers.machines());
    SortedMirror<DaemonSet> daemonSetMirror = SortedMirror.of(informers.daemonSets());
    catchUp.follow("pods", informers.pods());
    catchUp.follow("nodes", informers.nodes());
    catchUp.follow("machines", informers.machines());
    catchUp.follow("provisioners", informers.provisioners());
    // AWSNodeTemplates are not followed: status writes the mock server reports to no watcher
    // would stall every wait, and the controllers only read them when launching.
    catchUp.follow("daemonsets", informers.daemonSets());
    catchUp.follow("poddisruptionbudgets", informers.podDisruptionBudgets());
    catchUp.follow("persistentvolumeclaims", informers.persistentVolumeClaims());
    catchUp.follow("persistentvolumes", informers.persistentVolumes());
    catchUp.follow("storageclasses", informers.storageClasses());
    Random random = new Random(scenario.seed());
    ObjectReads cached = cachedReads(nodes, pods);
    this.workloads = new WorkloadController(client, random, TICK).readingFrom(cached);
    this.daemonSets =
        new DaemonSetController(client, random, TICK)
            .readingFrom(cached)
            .readingDaemonSetsFrom(() -> cachedSorted(daemonSetMirror));
    this.scheduler = new SimulatedScheduler(client, clock, TICK).readingFrom(cached);
    this.kubelet =
        new SimulatedKubelet(
                client,
                new SimulatedInstances(aws, () -> cachedSorted(machines)),
                clock,
                new SimulatedKubelet.Delays(BOOT, READY),
                TICK)
            .readingFrom(cached);
    this.jobs = new SimulatedJobs(client, clock, new Random(scenario.seed() + 1));
    this.driver =
        new ControllerDriver(operator.operator().manager().controllers(), clock, catchUp::await);
  }

  /**
   * The simulated cluster reads Nodes and Pods from the controllers' informer caches, after waiting
   * for them to catch up with every write: as current as a list from the API server, without
   * serializing thousands of pods per pass. Sorted by name, so the order depends on nothing but the
   * objects.
   */
  private ObjectReads cachedReads(SortedMirror<Node> nodes, SortedMirror<Pod> pods) {
    return new ObjectReads() {
      @Override
      public List<Node> nodes() {
        return cachedSorted(nodes);
      }

      @Override
      public List<Pod> pods() {
        return cachedSorted(pods);
      }
    };
  }

  private final java.util.Map<String, Integer> eventsPublished =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /**
   * An informer's objects in namespace and name order (kept by a {@link SortedMirror}) once the
   * informers caught up with every write.
   */
  private <T extends HasMetadata> List<T> cachedSorted(SortedMirror<T> mirror) {
    catchUp.await();
    return mirror.list();
  }

  /**
   * The simulated SQS queue answering a long poll at once: the simulated backend waits for messages
   * on the wall clock, while simulated time stands still during a call, so a wait would only cost
   * wall time. An empty answer ends the interruption controller's pass; it polls again as its loop
   * says, on simulated time.
   */
  private static SqsClient withoutLongPolling(SqsClient sqs) {
    return (SqsClient)
        Proxy.newProxyInstance(
            SqsClient.class.getClassLoader(),
            new Class<?>[] {SqsClient.class},
            (proxy, method, args) -> {
              Object[] call = args;
              if (method.getName().equals("receiveMessage")
                  && args != null
                  && args.length == 1
                  && args[0] instanceof ReceiveMessageRequest request) {
                call = new Object[] {request.toBuilder().waitTimeSeconds(0).build()};
              }
              try {
                return method.invoke(sqs, call);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /**
   * A client of the embedded API server that waits as long as a busy machine needs: simulated time
   * stands still while it waits, so a slow answer costs only wall time, while a timeout would end
   * the run.
   */
  private KubernetesClient patientClient(EmbeddedKubeApi server) {
    KubernetesClient patient =
        new KubernetesClientBuilder()
            .withHttpClientFactory(server.inProcessTransport())
            .withConfig(
                new ConfigBuilder(server.config())
                    .withRequestTimeout((int) PATIENCE.toMillis())
                    .withConnectionTimeout((int) PATIENCE.toMillis())
                    .build())
            .build();
    clients.add(patient);
    return patient;
  }

  /**
   * Replays the scenario until its end or until {@code stop} says so; returns what happened up to
   * then.
   */
  BaselineResult run(BooleanSupplier stop, Progress progress) throws Exception {
    operator.informers().start().get(60, TimeUnit.SECONDS);
    driver.start();
    for (HasMetadata object : scenario.objects()) {
      apply(object);
    }
    for (Scenario.Event event : scenario.timeline()) {
      clock.schedule(event.at(), () -> fire(event));
    }
    clock.schedule(Duration.ZERO, this::clusterTick);
    clock.schedule(Duration.ZERO, this::sample);
    while (true) {
      try {
        settle();
        recorder.observe();
      } catch (RuntimeException e) {
        if (stop.getAsBoolean()) {
          break; // Ctrl-C closed the clients under the step; report what was simulated
        }
        throw e;
      }
      Instant now = clock.instant();
      if (!now.isBefore(end) || stop.getAsBoolean()) {
        break;
      }
      Instant next = clock.nextDue();
      if (next == null || next.isAfter(end)) {
        next = end;
      }
      recorder.accrue(now, next);
      instants++;
      if (STATS && next.getEpochSecond() / 3600 != now.getEpochSecond() / 3600) {
        System.err.printf(
            "%s: %s simulated, %d instants, %d cluster passes, $%.2f%n",
            settings.name(),
            ScenarioReader.format(Duration.between(START, next)),
            instants,
            syncs,
            recorder.dollars());
      }
      clock.jumpTo(next);
      progress.at(Duration.between(START, next), recorder.dollars());
    }
    recorder.sample(-1);
    if (STATS) {
      System.err.println(
          settings.name() + ": " + instants + " instants, " + syncs + " cluster passes");
      System.err.println(settings.name() + " requests: " + api.requestCounts());
      System.err.println(settings.name() + " events: " + eventsPublished);
    }
    return recorder.result(settings.name(), settings.description());
  }

  /** Runs due timers and ready reconciles until nothing is left to do at this instant. */
  private void settle() {
    int rounds = 0;
    while (true) {
      int ran = clock.runDue(catchUp::await);
      ran += driver.processReady();
      catchUp.await();
      Instant next = clock.nextDue();
      boolean moreNow = next != null && !next.isAfter(clock.instant());
      if (ran == 0 && !moreNow) {
        return;
      }
      if (++rounds > 100_000) {
        throw new IllegalStateException("the controllers never settle at " + clock.instant());
      }
    }
  }

  /** The simulated cluster's pass, skipped while nothing it reacts to has changed. */
  private void clusterTick() {
    if (dirty
        || catchUp.events("pods", "nodes") != syncedAtEvents
        || bootStepDue()
        || jobs.busy()) {
      dirty = false;
      syncs++;
      workloads.sync();
      daemonSets.sync();
      kubelet.sync();
      if (!scheduler.schedulePending().bound().isEmpty()) {
        kubelet.sync(); // run the pods bound just now
      }
      jobs.sync();
      catchUp.await();
      syncedAtEvents = catchUp.events("pods", "nodes");
    }
    clock.schedule(TICK, this::clusterTick);
  }

  /**
   * An instance has booted long enough to register its Node, or a Node has been registered long
   * enough to become Ready: the kubelet has work that only time brings.
   */
  private boolean bootStepDue() {
    Instant now = clock.instant();
    java.util.Set<String> registered = new java.util.HashSet<>();
    for (Node node : operator.informers().nodes().getStore().list()) {
      if (node.getSpec() != null && node.getSpec().getProviderID() != null) {
        registered.add(node.getSpec().getProviderID());
      }
      boolean ready =
          node.getStatus() != null
              && node.getStatus().getConditions() != null
              && node.getStatus().getConditions().stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      String created = node.getMetadata().getCreationTimestamp();
      if (!ready
          && node.getMetadata().getDeletionTimestamp() == null
          && created != null
          && !Instant.parse(created).plus(READY).isAfter(now)) {
        return true;
      }
    }
    for (SimulatedAws.Instance i : aws.liveInstances()) {
      String providerId = "aws:///" + i.zone() + "/" + i.id();
      if (!registered.contains(providerId) && !i.launchTime().plus(BOOT).isAfter(now)) {
        return true;
      }
    }
    return false;
  }

  private void sample() {
    recorder.observe();
    double bound = -1;
    long second = java.time.Duration.between(START, clock.instant()).toSeconds();
    if (settings.lowerBound()
        && second % BOUND_EVERY.toSeconds() < settings.sampleEvery().toSeconds()) {
      bound = lowerBound();
    }
    recorder.sample(bound);
    aws.clearRequests();
    clock.schedule(settings.sampleEvery(), this::sample);
  }

  /**
   * The engine's lower bound for running every current pod on new nodes: no fleet for this moment's
   * pods can cost less per hour.
   */
  /**
   * Pending copies of the pods of the last lower bound, by pod object: the informer replaces a
   * pod's object when it changes, so an unchanged pod is not copied again.
   */
  private java.util.Map<Pod, Pod> previousPendingCopies = new java.util.IdentityHashMap<>();

  private java.util.Map<Pod, Pod> pendingCopies = new java.util.IdentityHashMap<>();

  /** The pod as if it had never been scheduled: no node, Pending and Unschedulable. */
  private static Pod pendingCopy(Pod pod) {
    Pod copy = Serialization.clone(pod);
    copy.getSpec().setNodeName(null);
    PodCondition unschedulable =
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .build();
    copy.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(unschedulable)
            .build());
    return copy;
  }

  private double lowerBound() {
    ClusterInformers inf = operator.informers();
    List<Pod> pods = new ArrayList<>();
    for (Pod pod : inf.pods().getStore().list()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      boolean daemon =
          pod.getMetadata().getOwnerReferences() != null
              && pod.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> "DaemonSet".equals(o.getKind()));
      if (daemon
          || pod.getMetadata().getDeletionTimestamp() != null
          || "Succeeded".equals(phase)
          || "Failed".equals(phase)) {
        continue;
      }
      Pod copy = previousPendingCopies.get(pod);
      if (copy == null) {
        copy = pendingCopy(pod);
      }
      pendingCopies.put(pod, copy);
      pods.add(copy);
    }
    previousPendingCopies = pendingCopies;
    pendingCopies = new java.util.IdentityHashMap<>();
    if (pods.isEmpty()) {
      return 0;
    }
    List<Provisioner> provisioners = new ArrayList<>();
    for (Provisioner p : inf.provisioners().getStore().list()) {
      Provisioner copy = Serialization.clone(p);
      copy.setStatus(null);
      provisioners.add(copy);
    }
    List<DaemonSet> daemonSets = inf.daemonSets().getStore().list();
    var snapshot =
        new SnapshotBuilder(providers.cloudProvider(), AwsConventions.DEFAULTS::apply)
            .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels())
            .build(provisioners, List.of(), pods, daemonSets);
    return Scheduler.solve(snapshot.snapshot()).lowerBound();
  }

  private void fire(Scenario.Event event) {
    dirty = true;
    recorder.scenarioEvent(event.describe());
    switch (event) {
      case Scenario.Scale s -> scale(s.workload(), s.replicas());
      case Scenario.Apply a -> a.objects().forEach(this::apply);
      case Scenario.Delete d -> delete(d.object());
      case Scenario.Load l -> follow(l, event.at());
      case Scenario.SpotInterruption s -> recorder.reclaimed(reclaimer.reclaim(s));
      case Scenario.SpotPriceChange c -> changeSpotPrice(c);
      case Scenario.IceFor i -> insufficientCapacity(i);
    }
  }

  private void follow(Scenario.Load load, Duration startedAt) {
    Duration since = Duration.between(START.plus(startedAt), clock.instant());
    scale(load.deployment(), load.curve().replicasAt(since));
    dirty = true;
    clock.schedule(load.every(), () -> follow(load, startedAt));
  }

  private void scale(Scenario.Ref ref, int replicas) {
    if (ref.kind().equals("Job")) {
      Job job = client.batch().v1().jobs().inNamespace(ref.namespace()).withName(ref.name()).get();
      if (job != null
          && (job.getSpec().getParallelism() == null
              || job.getSpec().getParallelism() != replicas)) {
        job.getSpec().setParallelism(replicas);
        client.batch().v1().jobs().inNamespace(ref.namespace()).resource(job).update();
      }
      return;
    }
    Deployment d =
        client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
    if (d != null && (d.getSpec().getReplicas() == null || d.getSpec().getReplicas() != replicas)) {
      d.getSpec().setReplicas(replicas);
      client.apps().deployments().inNamespace(ref.namespace()).resource(d).update();
    }
  }

  private void apply(HasMetadata object) {
    HasMetadata copy = Serialization.clone(object);
    copy.getMetadata().setResourceVersion(null);
    client.resource(copy).createOr(NonDeletingOperation::update);
  }

  private void delete(Scenario.Ref ref) {
    switch (ref.kind()) {
      case "Deployment" ->
          client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).delete();
      case "Job" ->
          client.batch().v1().jobs().inNamespace(ref.namespace()).withName(ref.name()).delete();
      case "DaemonSet" ->
          client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name()).delete();
      case "Provisioner" -> client.resources(Provisioner.class).withName(ref.name()).delete();
      case "Namespace" -> client.namespaces().withName(ref.name()).delete();
      default -> client.resources(AWSNodeTemplate.class).withName(ref.name()).delete();
    }
  }

  private List<String> zones(String instanceType, java.util.Optional<String> zone) {
    return zone.map(List::of)
        .orElseGet(() -> List.copyOf(aws.catalog().zonesOffering(aws.region(), instanceType)));
  }

  private void changeSpotPrice(Scenario.SpotPriceChange change) {
    for (String zone : zones(change.instanceType(), change.zone())) {
      double now = prices.spot(change.instanceType(), zone);
      aws.setSpotPrice(
          change.instanceType(), zone, change.price().orElse(now * change.factor().orElse(1.0)));
    }
    prices.spotPricesChanged();
  }

  private void insufficientCapacity(Scenario.IceFor ice) {
    List<String> zones = zones(ice.instanceType(), ice.zone());
    for (String zone : zones) {
      aws.setCapacity(ice.capacityType(), ice.instanceType(), zone, 0);
    }
    clock.schedule(
        ice.length(),
        () -> {
          for (String zone : zones) {
            aws.setCapacity(ice.capacityType(), ice.instanceType(), zone, Integer.MAX_VALUE);
          }
          recorder.scenarioEvent(
              ice.capacityType().label() + " capacity for " + ice.instanceType() + " is back");
        });
  }

  @Override
  public void close() {
    driver.stop();
    operator.close();
    clients.forEach(KubernetesClient::close);
    api.close();
  }
}
