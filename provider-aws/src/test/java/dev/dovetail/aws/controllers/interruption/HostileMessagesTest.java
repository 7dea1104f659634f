package dev.dovetail.aws.controllers.interruption;

import static dev.dovetail.aws.controllers.interruption.InterruptionFixture.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.runtime.Result;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The corpus of malformed and hostile queue messages in {@code interruption/corpus}: none stops the
 * loop or the messages after it, each is counted by message type and deleted, and none acts on a
 * node.
 */
@Timeout(60)
class HostileMessagesTest {
  private final InterruptionFixture f = new InterruptionFixture();
  private final ExecutorService workers = Executors.newFixedThreadPool(10);

  @AfterEach
  void close() {
    workers.shutdownNow();
    f.close();
  }

  private static List<String> corpus() throws IOException, URISyntaxException {
    Path dir = Path.of(HostileMessagesTest.class.getResource("/interruption/corpus").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theCorpusHasAtLeastFiftyMessages() throws Exception {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(50);
  }

  @Test
  void everyHostileMessageIsCountedAndDeletedWithoutActingAndTheNextMessageIsStillHandled()
      throws Exception {
    f.start(true, RebalanceAction.REPLACE, workers);
    var machine = f.ownedNode(OURS);
    List<String> files = corpus();
    for (String file : files) {
      f.send(InterruptionFixture.resource("corpus/" + file));
    }

    int passes = 0;
    while (f.queued() > 0 && passes++ < files.size()) {
      assertThat(f.controller.reconcile()).isEqualTo(Result.done());
    }

    assertThat(f.queued()).as("every message deleted").isZero();
    assertThat(f.received()).as("every message counted").isEqualTo(files.size());
    assertThat(f.counter(InterruptionMetrics.DELETED)).isEqualTo(files.size());
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "unparseable")).isPositive();
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "no_op")).isPositive();
    assertThat(f.counter(InterruptionMetrics.RECEIVED, "message_type", "scheduled_change"))
        .as("the 500-entity health event")
        .isPositive();
    assertThat(f.machineExists(machine.getMetadata().getName())).isTrue();
    assertThat(f.replacements).isEmpty();
    assertThat(f.events.events()).isEmpty();

    f.send(InterruptionFixture.valid("spot-interruption.json", OURS));
    f.controller.reconcile();
    assertThat(f.replacements).as("the loop still handles a real warning").hasSize(1);
  }

  @Test
  void aHealthEventForFiveHundredInstancesActsOnTheOnesThatAreOurs() {
    f.start(true, RebalanceAction.NONE, workers);
    // The 161st affected entity.
    var ours = f.ownedNode("i-00000f000000000a0");
    f.send(InterruptionFixture.resource("corpus/44-health-500-entities-not-ours.json"));

    f.controller.reconcile();

    assertThat(f.machineExists(ours.getMetadata().getName())).isFalse();
    assertThat(f.counter(InterruptionMetrics.ACTIONS, "action_type", "CordonAndDrain"))
        .isEqualTo(1);
  }
}
