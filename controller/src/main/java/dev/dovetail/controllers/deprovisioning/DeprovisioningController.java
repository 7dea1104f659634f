package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import dev.dovetail.scheduling.SolveOptions;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deprovisioning loop (docs/design/deprovisioning.md): a singleton that polls every {@link
 * #POLL} and again at once after an action, once cluster state is in sync. A pass first drives the
 * running command (see {@link Orchestrator}); otherwise it tries expiration, drift (behind the
 * gate), emptiness, then empty-node, multi-node and single-node consolidation, and starts the first
 * command found. Consolidation commands wait {@link Validation#TTL} and are re-checked before they
 * run. After a pass that found nothing, passes are skipped while nothing changed and no deadline
 * fell due ({@link QuietPeriod}).
 */
public final class DeprovisioningController implements SingletonReconciler {
  /** The controller name in logs and metrics. */
  public static final String NAME = "deprovisioning";

  static final Duration POLL = Duration.ofSeconds(10);
  private static final Duration SYNC_RETRY = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger("controller.deprovisioning");

  /**
   * @param driftEnabled upstream's {@code featureGates.driftEnabled}
   * @param multiNode how multi-node consolidation chooses its nodes
   */
  public record Settings(boolean driftEnabled, MultiNodeConsolidation.Strategy multiNode) {
    public static final Settings DEFAULT =
        new Settings(false, MultiNodeConsolidation.Strategy.COST);

    /** Environment variable for upstream's {@code featureGates.driftEnabled} setting. */
    public static final String DRIFT_ENABLED_ENV = "FEATURE_GATES_DRIFT_ENABLED";

    /** The defaults, with drift on when {@value #DRIFT_ENABLED_ENV} is {@code true}. */
    public static Settings fromEnvironment(java.util.Map<String, String> env) {
      return DEFAULT.withDrift("true".equalsIgnoreCase(env.getOrDefault(DRIFT_ENABLED_ENV, "")));
    }

    public Settings withDrift(boolean enabled) {
      return new Settings(enabled, multiNode);
    }

    public Settings withMultiNode(MultiNodeConsolidation.Strategy strategy) {
      return new Settings(driftEnabled, strategy);
    }
  }

  private final KubernetesClient client;
  private final ClusterReads reads;
  private final Evaluator evaluator;

  /** Null when the drift gate is off. */
  private final DriftDetector driftDetector;

  private final BooleanSupplier synced;
  private final EventRecorder events;
  private final DeprovisioningMetrics metrics;
  private final Orchestrator orchestrator;
  private final List<Method> methods;
  private final ConsolidationState consolidationState = new ConsolidationState();
  private final QuietPeriod quiet = new QuietPeriod();
  private final Supplier<List<PodDisruptionBudget>> pdbs;
  private final Clock clock;
  private Pending pending;

  private record Pending(Command command, Instant validateAt) {}

  /** What a read-only pass would do: the command, if any, and what it noticed. */
  public record Preview(Optional<Command> command, List<Evaluation.Finding> findings) {}

  public DeprovisioningController(
      KubernetesClient client,
      ClusterReads reads,
      dev.dovetail.state.ClusterState state,
      BooleanSupplier synced,
      SnapshotBuilder snapshots,
      Supplier<List<PodDisruptionBudget>> pdbs,
      CloudProvider cloud,
      EventRecorder events,
      MeterRegistry registry,
      Clock clock,
      Random random,
      Settings settings) {
    this.client = client;
    this.reads = reads;
    this.evaluator =
        new Evaluator(
            reads, state, snapshots, pdbs, SolveOptions.DEFAULT.withoutLowerBound(), clock);
    this.synced = synced;
    this.pdbs = pdbs;
    this.events = events;
    this.metrics = new DeprovisioningMetrics(registry);
    this.orchestrator =
        new Orchestrator(
            client, state, events, metrics, new LifecycleMetrics(registry), random, clock);
    this.clock = clock;
    List<Method> m = new ArrayList<>();
    m.add(new Expiration());
    this.driftDetector = settings.driftEnabled() ? new DriftDetector(cloud) : null;
    if (driftDetector != null) {
      m.add(new Drift(driftDetector));
    }
    m.add(new Emptiness());
    m.add(new EmptyNodeConsolidation());
    m.add(new MultiNodeConsolidation(settings.multiNode(), metrics));
    m.add(new SingleNodeConsolidation(metrics));
    this.methods = List.copyOf(m);
  }

  /** The PodDisruptionBudgets of every namespace, read from the API. */
  public static Supplier<List<PodDisruptionBudget>> pdbsOf(KubernetesClient client) {
    return () -> client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems();
  }

  @Override
  public Result reconcile() {
    if (!synced.getAsBoolean()) {
      return Result.requeueAfter(SYNC_RETRY);
    }
    Optional<Duration> running = orchestrator.advance();
    if (running.isPresent()) {
      pending = null;
      return Result.requeueAfter(running.get());
    }
    Instant now = clock.instant();
    if (pending != null) {
      if (now.isBefore(pending.validateAt())) {
        return Result.requeueAfter(Duration.between(now, pending.validateAt()));
      }
      Pending validating = pending;
      pending = null;
      Evaluation fresh = evaluator.evaluate(now, events);
      Optional<String> failure = Validation.failure(validating.command(), fresh);
      if (failure.isPresent()) {
        LOG.atInfo().log(
            "abandoning "
                + validating.command().method().methodName()
                + " attempt due to pod churn, command is no longer valid, "
                + failure.get()
                + ": "
                + validating.command().describe());
        return Result.requeueAfter(POLL);
      }
      orchestrator.start(validating.command(), fresh.simulation().base().pools());
      return Result.requeueAfter(Duration.ZERO);
    }
    long changeKey = QuietPeriod.key(evaluator.state().changes(), reads.provisioners(), pdbs.get());
    if (quiet.covers(changeKey, now)) {
      return Result.requeueAfter(POLL);
    }
    quiet.end();
    Evaluation evaluation = evaluator.evaluate(now, events);
    if (driftDetector != null) {
      driftDetector.retainOnly(
          evaluator.state().nodes().stream()
              .flatMap(n -> n.machine().stream())
              .map(m -> m.getMetadata().getName())
              .collect(java.util.stream.Collectors.toSet()));
    }
    Emptiness.mark(client, evaluation.candidates(), now);
    DisruptionConditions.mark(client, evaluation, driftDetector);
    long fingerprint = ConsolidationState.fingerprint(changeKey, evaluation.candidates());
    for (Method method : methods) {
      boolean consolidation = method.validates();
      if (consolidation && consolidationState.unchanged(method.methodName(), fingerprint, now)) {
        continue;
      }
      Instant start = clock.instant();
      Optional<Command> command = method.compute(evaluation);
      metrics.evaluated(method.methodName(), Duration.between(start, clock.instant()));
      if (command.isEmpty()) {
        if (consolidation) {
          consolidationState.foundNothing(method.methodName(), fingerprint, now);
        }
        continue;
      }
      if (method.validates()) {
        pending = new Pending(command.get(), now.plus(Validation.TTL));
        LOG.atDebug().log(
            "validating in " + Validation.TTL.toSeconds() + "s: " + command.get().describe());
        return Result.requeueAfter(Validation.TTL);
      }
      orchestrator.start(command.get(), evaluation.simulation().base().pools());
      return Result.requeueAfter(Duration.ZERO);
    }
    metrics.eligibleMachines("consolidation", evaluation.candidates().size());
    if (driftDetector == null && !evaluation.budgets().scheduled()) {
      QuietPeriod.until(evaluation, evaluator.state().nodes(), consolidationState)
          .ifPresent(until -> quiet.begin(changeKey, until));
    }
    return Result.requeueAfter(POLL);
  }

  /**
   * What the deprovisioner would do now, without doing it, writing anything or waiting for the
   * validation: every method in order, ignoring the consolidation state. Findings go to {@code
   * sink} as events and into the preview.
   */
  public Preview preview(EventRecorder sink) {
    Evaluation evaluation = evaluator.evaluate(clock.instant(), sink);
    for (Method method : methods) {
      Optional<Command> command = method.compute(evaluation);
      if (command.isPresent()) {
        return new Preview(command, evaluation.findings());
      }
    }
    return new Preview(Optional.empty(), evaluation.findings());
  }
}
