package dev.dovetail.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, with client-go's rules:
 *
 * <ul>
 *   <li>every {@code retryPeriod} a candidate tries to acquire or renew the lease;
 *   <li>a lease held by another identity can be taken once it has not changed for {@code
 *       leaseDuration}, measured on this candidate's own clock from when it last saw the record
 *       change (so clock skew between replicas does not matter);
 *   <li>a leader that has not renewed for {@code renewDeadline} stops leading;
 *   <li>{@link #close()} releases a held lease so that another replica takes over at once.
 * </ul>
 *
 * Time comes from the injected clock and scheduler, so tests step a fake clock.
 */
public final class LeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /** Lease location, identity and timing; {@link #defaults} has Karpenter's 15 s / 10 s / 2 s. */
  public record Settings(
      String namespace,
      String name,
      String identity,
      Duration leaseDuration,
      Duration renewDeadline,
      Duration retryPeriod) {
    public Settings {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(identity, "identity");
      if (identity.isBlank()) {
        throw new IllegalArgumentException("leader election identity must not be empty");
      }
      if (retryPeriod.isNegative() || retryPeriod.isZero()) {
        throw new IllegalArgumentException("leader election retry period must be positive");
      }
      if (renewDeadline.compareTo(retryPeriod) <= 0) {
        throw new IllegalArgumentException(
            "leader election renew deadline ("
                + renewDeadline
                + ") must be longer than the retry period ("
                + retryPeriod
                + ")");
      }
      if (leaseDuration.compareTo(renewDeadline) <= 0) {
        throw new IllegalArgumentException(
            "leader election lease duration ("
                + leaseDuration
                + ") must be longer than the renew deadline ("
                + renewDeadline
                + ")");
      }
    }

    public static Settings defaults(String namespace, String name, String identity) {
      return new Settings(
          namespace,
          name,
          identity,
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofSeconds(2));
    }
  }

  /** Called on the scheduler's thread; implementations must return quickly. */
  public interface Callbacks {
    void startedLeading();

    void stoppedLeading();
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final Clock clock;
  private final TaskScheduler scheduler;
  private final Callbacks callbacks;

  private boolean leader;
  private boolean running;
  private Instant lastRenew;
  private String observedRecord;
  private Instant observedTime;
  private TaskScheduler.Cancellable next;

  public LeaderElection(
      KubernetesClient client,
      Settings settings,
      Clock clock,
      TaskScheduler scheduler,
      Callbacks callbacks) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.scheduler = scheduler;
    this.callbacks = callbacks;
  }

  /** Starts trying to acquire the lease now and every retry period after. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    next = scheduler.schedule(Duration.ZERO, this::tick);
  }

  public synchronized boolean isLeader() {
    return leader;
  }

  public Settings settings() {
    return settings;
  }

  private synchronized void tick() {
    if (!running) {
      return;
    }
    boolean ok = tryAcquireOrRenew();
    Instant now = clock.instant();
    if (ok) {
      lastRenew = now;
      if (!leader) {
        leader = true;
        LOG.atInfo()
            .addKeyValue("lease", settings.namespace() + "/" + settings.name())
            .addKeyValue("identity", settings.identity())
            .log("successfully acquired lease");
        callbacks.startedLeading();
      }
    } else if (leader && !now.isBefore(lastRenew.plus(settings.renewDeadline()))) {
      leader = false;
      LOG.atWarn()
          .addKeyValue("lease", settings.namespace() + "/" + settings.name())
          .addKeyValue("identity", settings.identity())
          .log("failed to renew lease before the renew deadline; leadership lost");
      callbacks.stoppedLeading();
    }
    next = scheduler.schedule(settings.retryPeriod(), this::tick);
  }

  /** One attempt; true when this candidate holds the lease afterwards. */
  synchronized boolean tryAcquireOrRenew() {
    Instant now = clock.instant();
    ZonedDateTime nowTime = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
    try {
      Lease current =
          client
              .resources(Lease.class)
              .inNamespace(settings.namespace())
              .withName(settings.name())
              .get();
      if (current == null) {
        client
            .resources(Lease.class)
            .inNamespace(settings.namespace())
            .resource(
                new LeaseBuilder()
                    .withNewMetadata()
                    .withName(settings.name())
                    .withNamespace(settings.namespace())
                    .endMetadata()
                    .withNewSpec()
                    .withHolderIdentity(settings.identity())
                    .withLeaseDurationSeconds((int) settings.leaseDuration().toSeconds())
                    .withAcquireTime(nowTime)
                    .withRenewTime(nowTime)
                    .withLeaseTransitions(0)
                    .endSpec()
                    .build())
            .create();
        observe(recordOf(settings.identity(), nowTime), now);
        return true;
      }
      LeaseSpec spec = current.getSpec() == null ? new LeaseSpec() : current.getSpec();
      String holder = spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity();
      String record = recordOf(holder, spec.getRenewTime());
      if (!record.equals(observedRecord)) {
        observe(record, now);
      }
      boolean held = holder.equals(settings.identity());
      Duration recordDuration =
          spec.getLeaseDurationSeconds() == null
              ? settings.leaseDuration()
              : Duration.ofSeconds(spec.getLeaseDurationSeconds());
      if (!held && !holder.isEmpty() && now.isBefore(observedTime.plus(recordDuration))) {
        return false;
      }
      int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
      LeaseSpec updated =
          new LeaseSpec(
              held ? spec.getAcquireTime() : nowTime,
              settings.identity(),
              (int) settings.leaseDuration().toSeconds(),
              held ? transitions : transitions + 1,
              null,
              nowTime,
              null);
      current.setSpec(updated);
      client.resources(Lease.class).inNamespace(settings.namespace()).resource(current).update();
      observe(recordOf(settings.identity(), nowTime), now);
      return true;
    } catch (KubernetesClientException e) {
      // 409: another candidate wrote first; anything else: the API is unreachable. Either way
      // this attempt failed and the next one comes after the retry period.
      LOG.atDebug()
          .addKeyValue("lease", settings.namespace() + "/" + settings.name())
          .addKeyValue("error", e.getMessage())
          .log("failed to acquire or renew lease");
      return false;
    }
  }

  private void observe(String record, Instant now) {
    observedRecord = record;
    observedTime = now;
  }

  private static String recordOf(String holder, ZonedDateTime renewTime) {
    return holder + "@" + (renewTime == null ? "" : renewTime.toInstant().toString());
  }

  /**
   * Stops trying; if this candidate leads, releases the lease (empty holder, 1 s duration) so
   * another replica takes over at its next attempt. The caller stops its controllers first.
   */
  @Override
  public synchronized void close() {
    running = false;
    if (next != null) {
      next.cancel();
    }
    if (!leader) {
      return;
    }
    leader = false;
    try {
      Lease current =
          client
              .resources(Lease.class)
              .inNamespace(settings.namespace())
              .withName(settings.name())
              .get();
      if (current != null
          && current.getSpec() != null
          && settings.identity().equals(current.getSpec().getHolderIdentity())) {
        ZonedDateTime nowTime = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        current.getSpec().setHolderIdentity("");
        current.getSpec().setLeaseDurationSeconds(1);
        current.getSpec().setRenewTime(nowTime);
        current.getSpec().setAcquireTime(nowTime);
        client.resources(Lease.class).inNamespace(settings.namespace()).resource(current).update();
        LOG.atInfo()
            .addKeyValue("lease", settings.namespace() + "/" + settings.name())
            .addKeyValue("identity", settings.identity())
            .log("released lease");
      }
    } catch (KubernetesClientException e) {
      LOG.atWarn()
          .addKeyValue("lease", settings.namespace() + "/" + settings.name())
          .addKeyValue("error", e.getMessage())
          .log("failed to release lease; another replica takes over when it expires");
    }
  }
}
