package dev.dovetail.sim.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dovetail.operator.Operator;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.runtime.Controller;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.state.ClusterInformers;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.ManualScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One or two replicas of the operator shell against the embedded API. */
class OperatorTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final List<Operator> operators = new ArrayList<>();
  private EmbeddedKubeApi api;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(clock, 0);
  }

  @AfterEach
  void stop() {
    operators.forEach(Operator::close);
    api.close();
  }

  @Test
  void withoutLeaderElectionControllersStartOnceCachesAreSyncedAndStopOnClose() throws Exception {
    RecordingController controller = new RecordingController();
    Operator operator = operator(false, "solo", controller);

    operator.start().get(10, TimeUnit.SECONDS);

    assertThat(controller.started).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> get(operator.healthPort(), "/readyz") == 200);
    assertThat(get(operator.healthPort(), "/healthz")).isEqualTo(200);
    assertThat(get(operator.metricsPort(), "/metrics")).isEqualTo(200);

    operator.close();
    operators.remove(operator);
    assertThat(controller.stopped).isTrue();
  }

  @Test
  void withLeaderElectionOnlyTheLeaderRunsControllersAndTheOtherTakesOverOnShutdown()
      throws Exception {
    RecordingController first = new RecordingController();
    RecordingController second = new RecordingController();
    Operator a = operator(true, "a", first);
    Operator b = operator(true, "b", second);
    a.start().get(10, TimeUnit.SECONDS);
    b.start().get(10, TimeUnit.SECONDS);

    scheduler.advance(Duration.ofSeconds(30));

    assertThat(a.isLeader() ^ b.isLeader()).as("exactly one leader").isTrue();
    Operator leader = a.isLeader() ? a : b;
    RecordingController leading = a.isLeader() ? first : second;
    RecordingController waiting = a.isLeader() ? second : first;
    assertThat(leading.started).isTrue();
    assertThat(waiting.started).isFalse();

    leader.close();
    operators.remove(leader);
    scheduler.advance(Duration.ofSeconds(2));

    assertThat(leading.stopped).isTrue();
    assertThat(waiting.started).isTrue();
  }

  private Operator operator(boolean leaderElect, String identity, Controller controller) {
    OperatorOptions options =
        new OperatorOptions(
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            0,
            0,
            "info",
            "json",
            leaderElect,
            "kube-system",
            "dovetail-leader-election",
            "test",
            200,
            300);
    var client = api.newClient();
    Operator operator =
        new Operator(
            options,
            client,
            new ClusterInformers(client, new ClusterState(clock)),
            informers -> List.of(controller),
            () -> "# no metrics\n",
            identity,
            clock,
            scheduler,
            Duration.ofSeconds(5),
            () -> {});
    operators.add(operator);
    return operator;
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static final class RecordingController implements Controller {
    volatile boolean started;
    volatile boolean stopped;
    private final AtomicBoolean running = new AtomicBoolean();

    @Override
    public String name() {
      return "test.recording";
    }

    @Override
    public void start() {
      running.set(true);
      started = true;
    }

    @Override
    public boolean stop(Duration grace) {
      running.set(false);
      stopped = true;
      return true;
    }
  }
}
