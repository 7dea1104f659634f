package dev.dovetail.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * The structured fields of a log event after the fixed ones (time, level, logger, message): the
 * {@code controller} first, then the event's key/value pairs in order, then the other MDC entries,
 * then the error. A key given twice keeps its last value.
 */
final class LogFields {
  static final String CONTROLLER = "controller";

  private LogFields() {}

  static Map<String, Object> of(ILoggingEvent event, boolean withStackTrace) {
    Map<String, Object> fields = new LinkedHashMap<>();
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null && mdc.containsKey(CONTROLLER)) {
      fields.put(CONTROLLER, mdc.get(CONTROLLER));
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        fields.put(pair.key, pair.value);
      }
    }
    if (mdc != null) {
      mdc.forEach(fields::putIfAbsent);
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      fields.put("error", describe(error));
      if (withStackTrace) {
        fields.put("stacktrace", stackTrace(error));
      }
    }
    return fields;
  }

  private static String describe(IThrowableProxy error) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy t = error; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(t.getMessage() == null ? t.getClassName() : t.getMessage());
    }
    return text.toString();
  }

  private static String stackTrace(IThrowableProxy error) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy t = error; t != null; t = t.getCause()) {
      if (text.length() > 0) {
        text.append("Caused by: ");
      }
      text.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        text.append("\tat ").append(frame.getStackTraceElement()).append('\n');
      }
    }
    return text.toString();
  }
}
