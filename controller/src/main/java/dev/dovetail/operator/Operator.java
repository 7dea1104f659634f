package dev.dovetail.operator;

import dev.dovetail.runtime.Controller;
import dev.dovetail.runtime.ControllerManager;
import dev.dovetail.runtime.LeaderElection;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.state.ClusterInformers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controllers of one replica: serves {@code /healthz}, {@code /readyz} and {@code
 * /metrics}, starts the informers, and once their caches are synced starts the controllers, either
 * at once or when this replica wins the leader election. {@link #close()} shuts down gracefully:
 * controllers finish what is in flight, then the lease is released so another replica takes over at
 * once, then informers and servers stop.
 *
 * <p>Losing the lease while running stops the controllers and calls {@code onLeadershipLost}; a
 * daemon should exit then, as controller-runtime does, and let its restart start it clean.
 */
public final class Operator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

  private final OperatorOptions options;
  private final ClusterInformers informers;
  private final ControllerManager manager;
  private final HealthChecks checks = new HealthChecks();
  private final LeaderElection election;
  private final Duration shutdownGrace;
  private final Runnable onLeadershipLost;
  private final Supplier<String> metricsScrape;
  private OperatorHttpServer health;
  private OperatorHttpServer metrics;
  private volatile boolean closed;

  /**
   * @param controllers builds the controllers from the started informers
   * @param scrape the Prometheus text of the metrics registry
   * @param identity this replica's name in the lease (for example the pod name)
   * @param scheduler runs the leader election attempts
   * @param shutdownGrace how long controllers may take to finish on shutdown
   * @param onLeadershipLost called after the controllers stopped because the lease was lost
   */
  public Operator(
      OperatorOptions options,
      KubernetesClient client,
      ClusterInformers informers,
      Function<ClusterInformers, List<? extends Controller>> controllers,
      Supplier<String> scrape,
      String identity,
      Clock clock,
      TaskScheduler scheduler,
      Duration shutdownGrace,
      Runnable onLeadershipLost) {
    this.options = options;
    this.informers = informers;
    this.manager = new ControllerManager(controllers.apply(informers));
    this.shutdownGrace = shutdownGrace;
    this.onLeadershipLost = onLeadershipLost;
    checks.addLiveness("ping", () -> true);
    checks.addReadiness("informers-synced", informers::synced);
    this.election =
        options.leaderElect()
            ? new LeaderElection(
                client,
                LeaderElection.Settings.defaults(
                    options.leaderElectionNamespace(), options.leaderElectionName(), identity),
                clock,
                scheduler,
                new LeaderElection.Callbacks() {
                  @Override
                  public void startedLeading() {
                    manager.startAll();
                  }

                  @Override
                  public void stoppedLeading() {
                    lostLeadership();
                  }
                })
            : null;
    this.metricsScrape = scrape;
  }

  /**
   * Starts serving and syncing; controllers start once the caches are synced (and, with leader
   * election, once this replica leads). The future completes when the caches are synced.
   */
  public CompletableFuture<Void> start() {
    health = OperatorHttpServer.health(options.healthProbePort(), checks);
    metrics = OperatorHttpServer.metrics(options.metricsPort(), metricsScrape);
    return informers
        .start()
        .thenRun(
            () -> {
              if (closed) {
                return;
              }
              LOG.atInfo().log("informer caches synced");
              if (election != null) {
                election.start();
              } else {
                manager.startAll();
              }
            });
  }

  private void lostLeadership() {
    LOG.atError().log("leader election lost");
    manager.stopAll(shutdownGrace);
    onLeadershipLost.run();
  }

  public HealthChecks healthChecks() {
    return checks;
  }

  public ControllerManager manager() {
    return manager;
  }

  public boolean isLeader() {
    return election == null ? manager.isStarted() : election.isLeader();
  }

  /** The port of {@code /healthz} and {@code /readyz} (useful when started on port 0). */
  public int healthPort() {
    return health.port();
  }

  public int metricsPort() {
    return metrics.port();
  }

  @Override
  public void close() {
    closed = true;
    boolean clean = manager.stopAll(shutdownGrace);
    if (election != null) {
      election.close();
    }
    informers.close();
    if (health != null) {
      health.close();
    }
    if (metrics != null) {
      metrics.close();
    }
    LOG.atInfo().addKeyValue("clean", clean).log("stopped");
  }
}
