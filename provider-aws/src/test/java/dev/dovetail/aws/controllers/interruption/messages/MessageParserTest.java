package dev.dovetail.aws.controllers.interruption.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.NoOp;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.RebalanceRecommendation;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.ScheduledChange;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.SpotInterruption;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.StateChange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class MessageParserTest {
  private static final String OURS = "i-0123456789abcdef0";
  private final MessageParser parser = new MessageParser();

  private static String read(String path) throws IOException {
    try (InputStream in = MessageParserTest.class.getResourceAsStream("/interruption/" + path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsASpotInterruptionWarning() throws Exception {
    InterruptionMessage m = parser.parse(read("valid/spot-interruption.json"));

    assertThat(m)
        .isEqualTo(
            new SpotInterruption(
                "7bf73129-1428-4cd3-a780-95db273d1602",
                Optional.of(Instant.parse("2026-11-22T10:00:00Z")),
                OURS,
                "terminate"));
    assertThat(m.kind()).isEqualTo("spot_interrupted");
  }

  @Test
  void readsARebalanceRecommendation() throws Exception {
    assertThat(parser.parse(read("valid/rebalance-recommendation.json")))
        .isInstanceOfSatisfying(
            RebalanceRecommendation.class, r -> assertThat(r.instanceId()).isEqualTo(OURS));
  }

  @Test
  void readsStateChangesAndTellsStoppingFromTerminating() throws Exception {
    assertThat(parser.parse(read("valid/state-change-stopping.json")))
        .isInstanceOfSatisfying(StateChange.class, c -> assertThat(c.stopping()).isTrue());
    assertThat(parser.parse(read("valid/state-change-terminated.json")))
        .isInstanceOfSatisfying(StateChange.class, c -> assertThat(c.stopping()).isFalse());
  }

  @Test
  void readsTheInstancesOfAnEc2ScheduledChangeAndSkipsOtherEntities() throws Exception {
    assertThat(parser.parse(read("valid/scheduled-change.json")))
        .isInstanceOfSatisfying(
            ScheduledChange.class, c -> assertThat(c.instanceIds()).containsExactly(OURS));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "01-empty.txt, unparseable",
    "03-plain-text.txt, unparseable",
    "05-json-null.json, unparseable",
    "09-json-array-of-events.json, unparseable",
    "10-truncated-middle.json, unparseable",
    "14-empty-object.json, no_op",
    "16-version-1.json, no_op",
    "17-version-number.json, unparseable",
    "20-detail-type-number.json, unparseable",
    "22-unknown-detail-type.json, no_op",
    "24-spot-missing-detail.json, unparseable",
    "28-spot-instance-id-number.json, unparseable",
    "30-spot-instance-id-path-injection.json, unparseable",
    "32-spot-not-ours.json, spot_interrupted",
    "34-state-running.json, no_op",
    "37-state-number.json, unparseable",
    "39-health-not-ec2.json, no_op",
    "43-health-entities-strings.json, unparseable",
    "44-health-500-entities-not-ours.json, scheduled_change",
    "50-256kib-not-json.txt, unparseable",
    "51-nested-2000-deep.json, unparseable",
    "52-zero-width-space-detail-type.json, no_op",
    "57-100k-detail-type.json, no_op",
    "62-sql-injection-state.json, no_op",
  })
  void classifiesHostileMessages(String file, String kind) throws Exception {
    String body = read("corpus/" + file);
    if (kind.equals("unparseable")) {
      assertThatThrownBy(() -> parser.parse(body)).isInstanceOf(UnparseableMessageException.class);
    } else {
      assertThat(parser.parse(body).kind()).isEqualTo(kind);
    }
  }

  @Test
  void aNoOpReasonIsShortenedSoHostileInputCannotFloodALogLine() throws Exception {
    assertThat(parser.parse(read("corpus/57-100k-detail-type.json")))
        .isInstanceOfSatisfying(NoOp.class, n -> assertThat(n.reason()).hasSizeLessThan(100));
  }

  @Test
  void aFiveHundredEntityHealthEventNamesEveryInstance() throws Exception {
    assertThat(parser.parse(read("corpus/44-health-500-entities-not-ours.json")).instanceIds())
        .hasSize(500);
  }
}
