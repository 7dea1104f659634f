package dev.dovetail.operator;

import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.ProviderConventions;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.ClusterLookup;
import dev.dovetail.controllers.InformerClusterLookup;
import dev.dovetail.controllers.deprovisioning.DeprovisioningController;
import dev.dovetail.controllers.machine.garbagecollection.GarbageCollectionController;
import dev.dovetail.controllers.machine.lifecycle.MachineLifecycleController;
import dev.dovetail.controllers.node.termination.ApiPodEvictor;
import dev.dovetail.controllers.node.termination.EvictionQueue;
import dev.dovetail.controllers.node.termination.NodeTerminationController;
import dev.dovetail.controllers.provisioner.counter.ProvisionerCounterController;
import dev.dovetail.controllers.provisioner.validation.ProvisionerValidationController;
import dev.dovetail.controllers.provisioning.Batcher;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.PodTrigger;
import dev.dovetail.controllers.provisioning.ProvisionerPoolReports;
import dev.dovetail.controllers.provisioning.ProvisioningController;
import dev.dovetail.controllers.provisioning.ProvisioningMetrics;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.SingletonLoop;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.snapshot.VolumeTopology;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The one composition of the controllers: every core controller is built here from one {@link
 * Wiring} and subscribed to the informers it watches, and a cloud provider appends its own through
 * a {@link Registration}. The daemon, the demo and the end-to-end tests all run this wiring.
 *
 * <p>Adding a controller: a core controller is one more {@link Registration} in {@link #CORE} (a
 * method here that builds it and routes informer events to it); a provider's controller goes into
 * the provider's registration (for AWS, {@code AwsControllers}). The name given to the runtime is
 * the {@code controller} label of the reconcile metrics.
 */
public final class Controllers {
  private static final int TRIGGER_WORKERS = 10;

  private static final int LIFECYCLE_WORKERS = 10;

  /** Upstream runs termination with up to 100 concurrent reconciles; 10 suits our runtime. */
  private static final int TERMINATION_WORKERS = 10;

  /** The name production has always given the termination controller's metrics. */
  static final String TERMINATION = "termination";

  /**
   * Everything a controller is built from, one per replica.
   *
   * @param cloudProvider already decorated (metrics) by the composition root
   * @param conventions the provider's labels, Provisioner defaulting and node class kind
   * @param lookup how Machines and Nodes are read outside the informer caches
   * @param random the provisioner's randomness (Machine name suffixes)
   */
  public record Wiring(
      OperatorOptions options,
      KubernetesClient client,
      CloudProvider cloudProvider,
      ProviderConventions conventions,
      ClusterState state,
      ClusterInformers informers,
      EventRecorder events,
      LifecycleMetrics lifecycleMetrics,
      ClusterLookup lookup,
      MeterRegistry registry,
      Clock clock,
      TaskScheduler scheduler,
      Random random) {

    /**
     * The wiring of one replica: cluster state and lookups from the informers (the garbage
     * collector's Machine list from the API server), lifecycle metrics on {@code registry}.
     */
    public static Wiring of(
        OperatorOptions options,
        KubernetesClient client,
        CloudProvider cloudProvider,
        ProviderConventions conventions,
        ClusterInformers informers,
        EventRecorder events,
        MeterRegistry registry,
        Clock clock,
        TaskScheduler scheduler,
        Random random) {
      return new Wiring(
          options,
          client,
          cloudProvider,
          conventions,
          informers.state(),
          informers,
          events,
          new LifecycleMetrics(registry),
          new InformerClusterLookup(informers, new ApiClusterLookup(client)),
          registry,
          clock,
          scheduler,
          random);
    }
  }

  /** Builds some controllers from the wiring and subscribes them to the informers they watch. */
  @FunctionalInterface
  public interface Registration {
    List<? extends Controller> register(Wiring wiring);
  }

  /** The core controllers, in start order. */
  public static final List<Registration> CORE =
      List.of(
          Controllers::provisioning,
          Controllers::provisionerValidation,
          Controllers::provisionerCounter,
          Controllers::machineLifecycle,
          Controllers::nodeTermination,
          Controllers::garbageCollection,
          Controllers::deprovisioning);

  private final List<Controller> all;

  private Controllers(List<Controller> all) {
    this.all = List.copyOf(all);
  }

  /** The core controllers followed by those of {@code provider}, each built once. */
  public static Controllers create(Wiring wiring, List<Registration> provider) {
    List<Controller> built = new ArrayList<>();
    for (Registration registration : CORE) {
      built.addAll(registration.register(wiring));
    }
    for (Registration registration : provider) {
      built.addAll(registration.register(wiring));
    }
    return new Controllers(built);
  }

  /** Every controller, in start order. */
  public List<Controller> all() {
    return all;
  }

  /** The per-object controller called {@code name}. */
  @SuppressWarnings("unchecked")
  public ObjectController<String> objectController(String name) {
    return (ObjectController<String>) named(name, ObjectController.class);
  }

  /** The provisioning loop's controller, for a provider that runs a provisioning pass itself. */
  public ProvisioningController provisioner() {
    return (ProvisioningController) loop(ProvisioningController.NAME).reconciler();
  }

  /** The singleton loop called {@code name}. */
  public SingletonLoop loop(String name) {
    return named(name, SingletonLoop.class);
  }

  private <T extends Controller> T named(String name, Class<T> type) {
    return all.stream()
        .filter(c -> c.name().equals(name) && type.isInstance(c))
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " " + name));
  }

  /** The pod trigger and the provisioning loop, which share the batch window. */
  static List<Controller> provisioning(Wiring w) {
    ClusterInformers inf = w.informers();
    ClusterReads reads = ClusterReads.of(inf);
    Batcher batcher =
        new Batcher(w.clock(), w.options().batchIdleDuration(), w.options().batchMaxDuration());
    ObjectController<String> trigger =
        objectController(w, PodTrigger.NAME, new PodTrigger(reads::pod, batcher), TRIGGER_WORKERS);
    inf.pods().addEventHandler(on(p -> trigger.enqueue(PodPredicates.key(p))));
    inf.nodes()
        .addEventHandler(
            on(
                n -> {
                  if (n.getMetadata().getDeletionTimestamp() != null) {
                    batcher.trigger();
                  }
                }));
    SnapshotBuilder snapshots =
        new SnapshotBuilder(w.cloudProvider(), w.conventions().defaults())
            .withProviderLabels(w.conventions().wellKnownLabels())
            // invalid Provisioners are skipped and reported on themselves
            .withValidation(
                new ProvisionerValidator(w.conventions().labelPolicy())::check,
                new ProvisionerPoolReports(w.client(), w.events(), w.clock()))
            .withVolumes(
                VolumeTopology.lookup(
                    inf.persistentVolumeClaims(), inf.persistentVolumes(), inf.storageClasses()));
    SingletonLoop provisioner =
        loop(
            w,
            ProvisioningController.NAME,
            new ProvisioningController(
                w.client(),
                reads,
                w.state(),
                inf::synced,
                batcher,
                snapshots,
                w.events(),
                w.lifecycleMetrics(),
                new ProvisioningMetrics(w.registry()),
                w.clock(),
                w.random(),
                SolveOptions.DEFAULT.withPacking(w.options().packing())));
    return List.of(trigger, provisioner);
  }

  static List<Controller> provisionerValidation(Wiring w) {
    ObjectController<String> validation =
        objectController(
            w,
            ProvisionerValidationController.NAME,
            new ProvisionerValidationController(
                w.client(),
                new ProvisionerValidator(w.conventions().labelPolicy())::check,
                w.events(),
                w.clock()),
            1);
    w.informers().provisioners().addEventHandler(on(p -> validation.enqueue(name(p))));
    return List.of(validation);
  }

  static List<Controller> provisionerCounter(Wiring w) {
    ObjectController<String> counter =
        objectController(
            w,
            ProvisionerCounterController.NAME,
            new ProvisionerCounterController(w.client(), w.state()),
            1);
    w.informers().provisioners().addEventHandler(on(p -> counter.enqueue(name(p))));
    w.informers().nodes().addEventHandler(on(n -> enqueueOwner(counter, n)));
    w.informers().machines().addEventHandler(on(m -> enqueueOwner(counter, m)));
    return List.of(counter);
  }

  /**
   * A Machine's own changes, and changes of its Node (the owner reference, or before registration
   * the Machine cluster state merged with the Node by provider id), reach the lifecycle controller.
   */
  static List<Controller> machineLifecycle(Wiring w) {
    ObjectController<String> lifecycle =
        objectController(
            w,
            MachineLifecycleController.NAME,
            new MachineLifecycleController(
                w.client(),
                w.cloudProvider(),
                w.lookup(),
                w.events(),
                w.lifecycleMetrics(),
                w.clock()),
            LIFECYCLE_WORKERS);
    w.informers().machines().addEventHandler(on(m -> lifecycle.enqueue(name(m))));
    w.informers()
        .nodes()
        .addEventHandler(
            on(
                n -> {
                  var owners = n.getMetadata().getOwnerReferences();
                  if (owners != null) {
                    owners.stream()
                        .filter(o -> "Machine".equals(o.getKind()))
                        .forEach(o -> lifecycle.enqueue(o.getName()));
                  }
                  w.state()
                      .nodeByName(name(n))
                      .flatMap(s -> s.machine())
                      .ifPresent(m -> lifecycle.enqueue(name(m)));
                }));
    return List.of(lifecycle);
  }

  /** The eviction queue and the termination controller that feeds it. */
  static List<Controller> nodeTermination(Wiring w) {
    EvictionQueue evictions =
        new EvictionQueue(
            new ApiPodEvictor(w.client()), w.events(), w.clock(), w.scheduler(), w.registry());
    ObjectController<String> termination =
        objectController(
            w,
            TERMINATION,
            new NodeTerminationController(
                w.client(),
                w.cloudProvider(),
                w.lookup(),
                evictions,
                w.events(),
                w.lifecycleMetrics(),
                w.clock()),
            TERMINATION_WORKERS);
    w.informers().nodes().addEventHandler(on(n -> termination.enqueue(name(n))));
    return List.of(evictions, termination);
  }

  static List<Controller> garbageCollection(Wiring w) {
    return List.of(
        loop(
            w,
            GarbageCollectionController.NAME,
            new GarbageCollectionController(
                w.client(), w.cloudProvider(), w.lookup(), w.lifecycleMetrics(), w.clock())));
  }

  /** Emptiness, expiration, drift and consolidation: one singleton loop, one action per pass. */
  static List<Controller> deprovisioning(Wiring w) {
    ClusterInformers inf = w.informers();
    return List.of(
        loop(
            w,
            DeprovisioningController.NAME,
            new DeprovisioningController(
                w.client(),
                ClusterReads.of(inf),
                w.state(),
                inf::synced,
                new SnapshotBuilder(w.cloudProvider(), w.conventions().defaults())
                    .withProviderLabels(w.conventions().wellKnownLabels()),
                () -> inf.podDisruptionBudgets().getStore().list(),
                w.cloudProvider(),
                w.events(),
                w.registry(),
                w.clock(),
                w.random(),
                DeprovisioningController.Settings.fromEnvironment(System.getenv()))));
  }

  private static void enqueueOwner(ObjectController<String> counter, HasMetadata object) {
    var labels = object.getMetadata().getLabels();
    String owner = labels == null ? null : labels.get(WellKnownLabels.PROVISIONER_NAME);
    if (owner != null) {
      counter.enqueue(owner);
    }
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }

  /** An informer handler that calls {@code change} on add, update (new object) and delete. */
  public static <T> ResourceEventHandler<T> on(Consumer<T> change) {
    return ClusterInformers.handler(change, change);
  }

  private static ObjectController<String> objectController(
      Wiring w, String name, Reconciler<String> reconciler, int workers) {
    return new ObjectController<>(
        name, reconciler, workers, w.clock(), w.scheduler(), w.registry());
  }

  private static SingletonLoop loop(Wiring w, String name, SingletonReconciler reconciler) {
    return new SingletonLoop(name, reconciler, w.clock(), w.scheduler(), w.registry());
  }
}
