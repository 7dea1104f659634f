package dev.dovetail.aws.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code --log-level} and {@code --log-format} options once they are parsed: sets the
 * root level and replaces the root appenders of {@code logback.xml} with one stdout appender in the
 * chosen format ({@value #JSON} or {@value #CONSOLE}).
 */
public final class LoggingSetup {
  public static final String JSON = "json";
  public static final String CONSOLE = "console";

  private LoggingSetup() {}

  /**
   * @param level debug, info, warn or error
   * @param format {@value #JSON} or {@value #CONSOLE}
   * @param commit written on every JSON line when not blank
   */
  public static void apply(String level, String format, String commit) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    EncoderBase<ILoggingEvent> encoder =
        switch (format) {
          case JSON -> {
            JsonLineEncoder json = new JsonLineEncoder();
            json.setCommit(commit);
            yield json;
          }
          case CONSOLE -> new ConsoleLineEncoder();
          default -> throw new IllegalArgumentException("log format must be json or console");
        };
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(format);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }
}
