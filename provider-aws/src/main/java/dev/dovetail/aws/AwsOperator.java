package dev.dovetail.aws;

import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.aws.api.v1alpha1.AwsKinds;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.controllers.AwsControllers;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.ApiClusterLookup;
import dev.dovetail.controllers.ClusterLookup;
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
import dev.dovetail.controllers.provisioning.ProvisioningController;
import dev.dovetail.controllers.provisioning.ProvisioningMetrics;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.events.KubernetesEventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MeteredCloudProvider;
import dev.dovetail.operator.Operator;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ObjectController;
import dev.dovetail.runtime.SingletonLoop;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The composition root of the daemon: cluster state and informers, the provisioning loop and pod
 * trigger, the Provisioner counter, Machine lifecycle, node termination with its eviction queue and
 * garbage collection, all behind {@link Operator} (health, metrics, leader election, graceful
 * shutdown). The cloud provider is passed in, so the demo runs the same wiring on the simulated
 * backend.
 */
public final class AwsOperator implements AutoCloseable {
  private final Operator operator;
  private final ClusterState state;
  private final ClusterInformers informers;

  /**
   * @param providers the AWS providers; their cloud provider is metered here
   * @param scrape the Prometheus text of {@code registry}
   */
  public AwsOperator(
      OperatorOptions options,
      KubernetesClient client,
      AwsProviders providers,
      MeterRegistry registry,
      Supplier<String> scrape,
      String identity,
      Clock clock,
      TaskScheduler scheduler,
      Runnable onLeadershipLost) {
    this.state = new ClusterState(clock);
    this.informers = new ClusterInformers(client, state);
    CloudProvider cloud = new MeteredCloudProvider(providers.cloudProvider(), registry);
    Executor eventWriter =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("event-writer").daemon(true).factory());
    EventRecorder events = new KubernetesEventRecorder(client, clock, eventWriter, identity);
    LifecycleMetrics lifecycleMetrics = new LifecycleMetrics(registry);
    ClusterLookup lookup = new ApiClusterLookup(client);
    this.operator =
        new Operator(
            options,
            client,
            informers,
            inf ->
                Stream.concat(
                        controllers(
                            options,
                            client,
                            cloud,
                            inf,
                            events,
                            lifecycleMetrics,
                            lookup,
                            registry,
                            clock,
                            scheduler)
                            .stream(),
                        AwsControllers.create(client, providers, inf, clock, scheduler, registry)
                            .stream())
                    .toList(),
            scrape,
            identity,
            clock,
            scheduler,
            Duration.ofSeconds(30),
            onLeadershipLost);
  }

  private List<Controller> controllers(
      OperatorOptions options,
      KubernetesClient client,
      CloudProvider cloud,
      ClusterInformers inf,
      EventRecorder events,
      LifecycleMetrics lifecycleMetrics,
      ClusterLookup lookup,
      MeterRegistry registry,
      Clock clock,
      TaskScheduler scheduler) {
    ClusterReads reads = ClusterReads.of(inf);
    Batcher batcher = new Batcher(clock, options.batchIdleDuration(), options.batchMaxDuration());

    ObjectController<String> trigger =
        new ObjectController<>(
            PodTrigger.NAME, new PodTrigger(reads::pod, batcher), 10, clock, scheduler, registry);
    inf.pods().addEventHandler(on(p -> trigger.enqueue(PodPredicates.key(p))));
    inf.nodes()
        .addEventHandler(
            on(
                n -> {
                  if (n.getMetadata().getDeletionTimestamp() != null) {
                    batcher.trigger();
                  }
                }));

    SingletonLoop provisioner =
        new SingletonLoop(
            ProvisioningController.NAME,
            new ProvisioningController(
                client,
                reads,
                state,
                inf::synced,
                batcher,
                new SnapshotBuilder(cloud, ProvisionerDefaulter.AWS::apply)
                    .withVolumes(
                        VolumeTopology.lookup(
                            inf.persistentVolumeClaims(),
                            inf.persistentVolumes(),
                            inf.storageClasses())),
                events,
                lifecycleMetrics,
                new ProvisioningMetrics(registry),
                clock,
                new SecureRandom(),
                SolveOptions.DEFAULT.withPacking(options.packing())),
            clock,
            scheduler,
            registry);

    ObjectController<String> validation =
        new ObjectController<>(
            ProvisionerValidationController.NAME,
            new ProvisionerValidationController(
                client, new ProvisionerValidator(AwsKinds.WELL_KNOWN)::check, events, clock),
            1,
            clock,
            scheduler,
            registry);
    inf.provisioners().addEventHandler(on(p -> validation.enqueue(name(p))));

    ObjectController<String> counter =
        new ObjectController<>(
            ProvisionerCounterController.NAME,
            new ProvisionerCounterController(client, state),
            1,
            clock,
            scheduler,
            registry);
    inf.provisioners().addEventHandler(on(p -> counter.enqueue(name(p))));
    inf.nodes().addEventHandler(on(n -> enqueueOwner(counter, n)));
    inf.machines().addEventHandler(on(m -> enqueueOwner(counter, m)));

    ObjectController<String> lifecycle =
        new ObjectController<>(
            MachineLifecycleController.NAME,
            new MachineLifecycleController(client, cloud, lookup, events, lifecycleMetrics, clock),
            10,
            clock,
            scheduler,
            registry);
    inf.machines().addEventHandler(on(m -> lifecycle.enqueue(name(m))));
    inf.nodes()
        .addEventHandler(
            on(
                n -> {
                  var owners = n.getMetadata().getOwnerReferences();
                  if (owners != null) {
                    owners.stream()
                        .filter(o -> "Machine".equals(o.getKind()))
                        .forEach(o -> lifecycle.enqueue(o.getName()));
                  }
                  state
                      .nodeByName(name(n))
                      .flatMap(s -> s.machine())
                      .ifPresent(m -> lifecycle.enqueue(name(m)));
                }));

    EvictionQueue evictions =
        new EvictionQueue(new ApiPodEvictor(client), events, clock, scheduler, registry);
    ObjectController<String> termination =
        new ObjectController<>(
            "termination",
            new NodeTerminationController(
                client, cloud, lookup, evictions, events, lifecycleMetrics, clock),
            10,
            clock,
            scheduler,
            registry);
    inf.nodes().addEventHandler(on(n -> termination.enqueue(name(n))));

    SingletonLoop gc =
        new SingletonLoop(
            "machine.garbagecollection",
            new GarbageCollectionController(client, cloud, lookup, lifecycleMetrics, clock),
            clock,
            scheduler,
            registry);
    return List.of(
        trigger, provisioner, validation, counter, lifecycle, evictions, termination, gc);
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

  private static <T> ResourceEventHandler<T> on(Consumer<T> change) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        change.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        change.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        change.accept(obj);
      }
    };
  }

  /** Starts serving and syncing; controllers start once synced (and leading). */
  public java.util.concurrent.CompletableFuture<Void> start() {
    return operator.start();
  }

  public Operator operator() {
    return operator;
  }

  public ClusterState state() {
    return state;
  }

  public ClusterInformers informers() {
    return informers;
  }

  @Override
  public void close() {
    operator.close();
  }
}
