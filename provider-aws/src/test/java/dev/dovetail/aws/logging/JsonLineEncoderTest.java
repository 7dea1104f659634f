package dev.dovetail.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LoggerContext context = new LoggerContext();
  private final JsonLineEncoder encoder = new JsonLineEncoder();

  @Test
  void writesKarpentersKeysOnOneLine() throws Exception {
    LoggingEvent event =
        event(Level.INFO, "launched machine", Map.of("controller", "machine.lifecycle"));
    event.addKeyValuePair(new KeyValuePair("provider-id", "aws:///us-west-2a/i-0abc"));
    event.addKeyValuePair(new KeyValuePair("instance-type", "m5.large"));
    event.addKeyValuePair(new KeyValuePair("zone", "us-west-2a"));
    event.addKeyValuePair(new KeyValuePair("capacity-type", "spot"));
    event.addKeyValuePair(new KeyValuePair("allocatable", Map.of("cpu", "1930m")));

    String line = encoder.line(event);

    assertThat(line).endsWith("}\n").doesNotContain("\n{");
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    JsonNode json = JSON.readTree(line);
    assertThat(fieldNames(json))
        .containsExactly(
            "time",
            "level",
            "logger",
            "message",
            "controller",
            "provider-id",
            "instance-type",
            "zone",
            "capacity-type",
            "allocatable");
    assertThat(json.get("time").asText()).isEqualTo("2026-11-22T07:00:01.250Z");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("dev.dovetail.controllers.Lifecycle");
    assertThat(json.get("message").asText()).isEqualTo("launched machine");
    assertThat(json.get("controller").asText()).isEqualTo("machine.lifecycle");
    assertThat(json.get("provider-id").asText()).isEqualTo("aws:///us-west-2a/i-0abc");
    assertThat(json.get("allocatable").get("cpu").asText()).isEqualTo("1930m");
  }

  @Test
  void numbersBooleansAndListsKeepTheirJsonTypes() throws Exception {
    LoggingEvent event = event(Level.DEBUG, "computed new machine(s) to fit pod(s)");
    event.addKeyValuePair(new KeyValuePair("machines", 3));
    event.addKeyValuePair(new KeyValuePair("ratio", 0.5));
    event.addKeyValuePair(new KeyValuePair("dry-run", false));
    event.addKeyValuePair(new KeyValuePair("pods", List.of("default/a", "default/b")));

    JsonNode json = JSON.readTree(encoder.line(event));

    assertThat(json.get("level").asText()).isEqualTo("DEBUG");
    assertThat(json.get("machines").isInt()).isTrue();
    assertThat(json.get("ratio").asDouble()).isEqualTo(0.5);
    assertThat(json.get("dry-run").isBoolean()).isTrue();
    assertThat(json.get("pods")).hasSize(2);
  }

  @Test
  void escapesQuotesNewlinesAndControlCharacters() throws Exception {
    LoggingEvent event = event(Level.WARN, "bad \"input\"\nsecond line\ttab \u0001 \\ end");

    String line = encoder.line(event);

    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    assertThat(JSON.readTree(line).get("message").asText())
        .isEqualTo("bad \"input\"\nsecond line\ttab \u0001 \\ end");
  }

  @Test
  void errorsCarryTheCauseChainAndTheStackTraceOnTheSameLine() throws Exception {
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("dev.dovetail.Test"),
            Level.ERROR,
            "Reconciler error",
            new IllegalStateException("creating instance", new RuntimeException("throttled")),
            null);
    event.setMDCPropertyMap(Map.of());

    String line = encoder.line(event);

    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    JsonNode json = JSON.readTree(line);
    assertThat(json.get("error").asText()).isEqualTo("creating instance: throttled");
    assertThat(json.get("stacktrace").asText()).contains("Caused by: java.lang.RuntimeException");
  }

  @Test
  void theSlf4jFluentApiAndTheMdcReachTheLine() throws Exception {
    LoggerContext logging = new LoggerContext();
    logging.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    JsonLineEncoder json = new JsonLineEncoder();
    json.setContext(logging);
    json.start();
    ch.qos.logback.core.OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.OutputStreamAppender<>();
    appender.setContext(logging);
    appender.setEncoder(json);
    appender.setOutputStream(out);
    appender.start();
    ch.qos.logback.classic.Logger logger =
        logging.getLogger("dev.dovetail.controllers.Provisioning");
    logger.addAppender(appender);

    logging.getMDCAdapter().put("controller", "provisioner");
    try {
      logger
          .atInfo()
          .addKeyValue("pods", 2)
          .addKeyValue("duration", "12ms")
          .log("found provisionable pod(s)");
    } finally {
      logging.getMDCAdapter().remove("controller");
    }

    JsonNode line = JSON.readTree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(line.get("message").asText()).isEqualTo("found provisionable pod(s)");
    assertThat(line.get("controller").asText()).isEqualTo("provisioner");
    assertThat(line.get("pods").asInt()).isEqualTo(2);
    assertThat(line.get("duration").asText()).isEqualTo("12ms");
  }

  @Test
  void commitIsWrittenWhenConfigured() throws Exception {
    encoder.setCommit("4c2f382");

    assertThat(JSON.readTree(encoder.line(event(Level.INFO, "x"))).get("commit").asText())
        .isEqualTo("4c2f382");
  }

  @Test
  void consoleFormatIsReadableWithFieldsAsJson() {
    LoggingEvent event = event(Level.INFO, "created machine", Map.of("controller", "provisioner"));
    event.addKeyValuePair(new KeyValuePair("machine", "default-x7k2p"));

    String line = new ConsoleLineEncoder().line(event);

    assertThat(line)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  provisioner  created machine  \\{\"machine\":\"default-x7k2p\"\\}\\n");
  }

  private LoggingEvent event(Level level, String message) {
    return event(level, message, Map.of());
  }

  private LoggingEvent event(Level level, String message, Map<String, String> mdc) {
    LoggingEvent event = new LoggingEvent();
    event.setMDCPropertyMap(mdc);
    event.setLoggerName("dev.dovetail.controllers.Lifecycle");
    event.setLevel(level);
    event.setMessage(message);
    event.setTimeStamp(java.time.Instant.parse("2026-11-22T07:00:01.250Z").toEpochMilli());
    event.setLoggerContext(context);
    return event;
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
