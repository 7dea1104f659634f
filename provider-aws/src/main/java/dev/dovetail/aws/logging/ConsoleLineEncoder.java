package dev.dovetail.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A readable line per event, like Karpenter's console encoding: time, level, logger (the controller
 * name when there is one), message, then the fields as one JSON object. For the demo and for
 * humans; daemons log JSON.
 */
public final class ConsoleLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return line(event).getBytes(StandardCharsets.UTF_8);
  }

  String line(ILoggingEvent event) {
    Map<String, Object> fields = LogFields.of(event, false);
    Object controller = fields.remove(LogFields.CONTROLLER);
    StringBuilder out = new StringBuilder(160);
    out.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .append(' ')
        .append(String.format("%-5s", event.getLevel()))
        .append(' ')
        .append(controller != null ? controller : shortName(event.getLoggerName()))
        .append("  ")
        .append(event.getFormattedMessage());
    if (!fields.isEmpty()) {
      out.append("  ");
      JsonWriter.value(out, fields);
    }
    out.append('\n');
    return out.toString();
  }

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
