package dev.dovetail.sim.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.LeaderElection;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas elect a leader on a Lease in the embedded API, driven by a fake clock. */
class LeaderElectionFailoverTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private EmbeddedKubeApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theFirstCandidateAcquiresTheLeaseWithDefaultTimings() {
    Candidate a = candidate("a");

    a.election.start();
    scheduler.runDue();

    assertThat(a.election.isLeader()).isTrue();
    assertThat(a.events).containsExactly("started@0");
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(15);
    assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(FakeClock.DEFAULT_START);
  }

  @Test
  void onlyTheLeaderLeadsWhileItRenews() {
    Candidate a = candidate("a");
    Candidate b = candidate("b");
    a.election.start();
    b.election.start();

    scheduler.advance(Duration.ofMinutes(2));

    assertThat(a.election.isLeader()).isTrue();
    assertThat(b.election.isLeader()).isFalse();
    assertThat(b.events).isEmpty();
    assertThat(lease().getSpec().getRenewTime().toInstant())
        .isEqualTo(FakeClock.DEFAULT_START.plus(Duration.ofMinutes(2)));
  }

  @Test
  void theOtherCandidateTakesOverOnlyAfterTheLeaseExpires() {
    Candidate a = candidate("a");
    Candidate b = candidate("b");
    a.election.start();
    b.election.start();
    scheduler.advance(Duration.ofSeconds(20));
    Instant crash = clock.instant();

    a.kill();
    scheduler.advance(Duration.ofSeconds(14));
    assertThat(b.election.isLeader()).as("lease not yet expired").isFalse();

    scheduler.advance(Duration.ofSeconds(4));
    assertThat(b.election.isLeader()).isTrue();
    assertThat(b.startedAt).isBetween(crash.plusSeconds(15), crash.plusSeconds(17));
    Lease lease = lease();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease.getSpec().getLeaseTransitions()).isEqualTo(1);
  }

  @Test
  void aReleasedLeaseIsTakenAtTheNextAttempt() {
    Candidate a = candidate("a");
    Candidate b = candidate("b");
    a.election.start();
    b.election.start();
    scheduler.advance(Duration.ofSeconds(10));
    Instant release = clock.instant();

    a.election.close();
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(b.election.isLeader()).isTrue();
    assertThat(b.startedAt).isBeforeOrEqualTo(release.plusSeconds(2));
    assertThat(a.election.isLeader()).isFalse();
  }

  @Test
  void aLeaderThatCannotRenewStepsDownAfterTheRenewDeadline() {
    Candidate a = candidate("a");
    a.election.start();
    scheduler.runDue();
    Instant lastRenew = clock.instant();

    // Someone else holds the lease now (for example after a network partition).
    Lease stolen = lease();
    stolen.getSpec().setHolderIdentity("intruder");
    stolen.getSpec().setRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
    client.resources(Lease.class).inNamespace("kube-system").resource(stolen).update();

    scheduler.advance(Duration.ofSeconds(8));
    assertThat(a.election.isLeader()).isTrue();
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(a.election.isLeader()).isFalse();
    assertThat(a.events).containsExactly("started@0", "stopped@10");
    assertThat(Duration.between(lastRenew, clock.instant())).isEqualTo(Duration.ofSeconds(10));
  }

  private Lease lease() {
    return client
        .resources(Lease.class)
        .inNamespace("kube-system")
        .withName("dovetail-leader-election")
        .get();
  }

  private Candidate candidate(String identity) {
    return new Candidate(identity);
  }

  /** One replica: its own client, and a scheduler that stops running its tasks when killed. */
  private final class Candidate {
    final List<String> events = new ArrayList<>();
    final LeaderElection election;
    Instant startedAt;
    private boolean dead;

    Candidate(String identity) {
      TaskScheduler killable =
          (delay, task) ->
              scheduler.schedule(
                  delay,
                  () -> {
                    if (!dead) {
                      task.run();
                    }
                  });
      election =
          new LeaderElection(
              api.newClient(),
              LeaderElection.Settings.defaults("kube-system", "dovetail-leader-election", identity),
              clock,
              killable,
              new LeaderElection.Callbacks() {
                @Override
                public void startedLeading() {
                  startedAt = clock.instant();
                  events.add("started@" + secondsSinceStart());
                }

                @Override
                public void stoppedLeading() {
                  events.add("stopped@" + secondsSinceStart());
                }
              });
    }

    void kill() {
      dead = true;
    }

    private long secondsSinceStart() {
      return Duration.between(FakeClock.DEFAULT_START, clock.instant()).toSeconds();
    }
  }
}
