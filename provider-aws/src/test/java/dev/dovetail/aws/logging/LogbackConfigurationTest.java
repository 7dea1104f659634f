package dev.dovetail.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Loads the shipped logback.xml into a private context, as the daemon would. */
class LogbackConfigurationTest {

  @Test
  void jsonIsTheDefaultFormatAtInfo() throws Exception {
    LoggerContext context = configure(null, null);

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(((ConsoleAppender<?>) root.getAppender("json")).getEncoder())
        .isInstanceOf(JsonLineEncoder.class);
    assertThat(root.getAppender("console")).isNull();
    assertThat(context.getLogger("io.fabric8").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void systemPropertiesSelectTheConsoleFormatAndTheLevel() throws Exception {
    LoggerContext context = configure("console", "debug");

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.DEBUG);
    assertThat(((ConsoleAppender<?>) root.getAppender("console")).getEncoder())
        .isInstanceOf(ConsoleLineEncoder.class);
    assertThat(root.getAppender("json")).isNull();
  }

  private static LoggerContext configure(String format, String level) throws Exception {
    String oldFormat = System.getProperty("dovetail.log.format");
    String oldLevel = System.getProperty("dovetail.log.level");
    try {
      set("dovetail.log.format", format);
      set("dovetail.log.level", level);
      LoggerContext context = new LoggerContext();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      URL config = JsonLineEncoder.class.getResource("/logback.xml");
      configurator.doConfigure(config);
      return context;
    } finally {
      set("dovetail.log.format", oldFormat);
      set("dovetail.log.level", oldLevel);
    }
  }

  private static void set(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
