package dev.dovetail.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Encodes each log event as one JSON object on one line, with Karpenter's keys: {@code time}
 * (ISO-8601, UTC, milliseconds), {@code level} (capitals), {@code logger}, {@code message}, {@code
 * controller} (from the MDC), then the event's key/value pairs ({@code provider-id}, {@code
 * instance-type}, …), other MDC entries, {@code error} and {@code stacktrace}, and {@code commit}
 * when configured.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NONE = new byte[0];

  private String commit = "";
  private boolean stackTraces = true;

  /** The build's commit, written on every line as Karpenter does; blank leaves it out. */
  public void setCommit(String commit) {
    this.commit = commit == null ? "" : commit.trim();
  }

  /** Whether an exception's stack trace is written next to its message (default true). */
  public void setStackTraces(boolean stackTraces) {
    this.stackTraces = stackTraces;
  }

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return line(event).getBytes(StandardCharsets.UTF_8);
  }

  String line(ILoggingEvent event) {
    StringBuilder out = new StringBuilder(256);
    out.append("{\"time\":");
    JsonWriter.string(
        out, DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(event.getTimeStamp())));
    out.append(",\"level\":");
    JsonWriter.string(out, event.getLevel().toString());
    out.append(",\"logger\":");
    JsonWriter.string(out, event.getLoggerName());
    out.append(",\"message\":");
    JsonWriter.string(out, event.getFormattedMessage());
    for (Map.Entry<String, Object> field : LogFields.of(event, stackTraces).entrySet()) {
      out.append(',');
      JsonWriter.string(out, field.getKey());
      out.append(':');
      JsonWriter.value(out, field.getValue());
    }
    if (!commit.isEmpty()) {
      out.append(",\"commit\":");
      JsonWriter.string(out, commit);
    }
    out.append("}\n");
    return out.toString();
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }
}
