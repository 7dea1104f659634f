package dev.dovetail.aws;

import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.controllers.AwsControllers;
import dev.dovetail.aws.controllers.interruption.InterruptionControllers;
import dev.dovetail.aws.nodeclass.NodeClassReader;
import dev.dovetail.controllers.provisioning.ProvisioningController;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.events.KubernetesEventRecorder;
import dev.dovetail.metrics.MeteredCloudProvider;
import dev.dovetail.operator.Controllers;
import dev.dovetail.operator.Operator;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The composition root of the daemon: cluster state and informers, the core's {@link Controllers}
 * extended with the AWS provider's ({@link AwsControllers}), all behind {@link Operator} (health,
 * metrics, leader election, graceful shutdown). The providers are passed in, so the demo runs the
 * same wiring on the simulated backend.
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
    this(
        options,
        client,
        providers,
        registry,
        scrape,
        identity,
        clock,
        scheduler,
        onLeadershipLost,
        null,
        null);
  }

  /**
   * As the daemon's composition, with the controllers' Kubernetes Events going to {@code events}
   * instead of the API server (the simulator, where nothing reads them; null posts them) and
   * Machine names drawn from {@code random} (the simulator's seed; null draws from a {@link
   * SecureRandom}).
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
      Runnable onLeadershipLost,
      EventRecorder events,
      java.util.Random random) {
    this.state = new ClusterState(clock);
    this.informers = new ClusterInformers(client, state, AwsConventions.CONVENTIONS.nodeClass());
    if (providers.nodeClasses() instanceof NodeClassReader reader) {
      reader.readFrom(informers.nodeClasses().orElseThrow());
    }
    EventRecorder recorder = events;
    if (recorder == null) {
      Executor eventWriter =
          Executors.newSingleThreadExecutor(
              Thread.ofPlatform().name("event-writer").daemon(true).factory());
      recorder = new KubernetesEventRecorder(client, clock, eventWriter, identity);
    }
    Controllers.Wiring wiring =
        Controllers.Wiring.of(
            options,
            client,
            new MeteredCloudProvider(providers.cloudProvider(), registry),
            AwsConventions.CONVENTIONS,
            informers,
            recorder,
            registry,
            clock,
            scheduler,
            random == null ? new SecureRandom() : random);
    this.operator =
        new Operator(
            options,
            client,
            informers,
            inf -> controllers(wiring, providers),
            scrape,
            identity,
            clock,
            scheduler,
            Duration.ofSeconds(30),
            onLeadershipLost);
  }

  /**
   * The core controllers, the AWS ones, and the interruption controllers (only with a queue), which
   * run a provisioning pass of their own to launch replacements before a drain.
   */
  private static List<Controller> controllers(Controllers.Wiring wiring, AwsProviders providers) {
    Controllers controllers =
        Controllers.create(wiring, List.of(AwsControllers.registration(providers)));
    ProvisioningController provisioning = controllers.provisioner();
    List<Controller> all = new ArrayList<>(controllers.all());
    all.addAll(
        InterruptionControllers.create(
            providers.settings().interruptionQueueName(),
            providers.settings().rebalanceAction(),
            providers.sqs(),
            wiring.client(),
            wiring.state(),
            providers.unavailableOfferings(),
            wiring.events(),
            () ->
                provisioning.provision().created().stream()
                    .map(m -> m.getMetadata().getName())
                    .toList(),
            wiring.registry(),
            wiring.clock(),
            wiring.scheduler(),
            providers.interruptionWorkers()));
    return all;
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
