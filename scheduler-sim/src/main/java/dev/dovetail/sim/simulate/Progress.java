package dev.dovetail.sim.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a long run on stderr: the baseline, simulated time reached, dollars so far and a bar,
 * redrawn in place at most a few times a second. Silent unless stderr is a terminal.
 */
public final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final Duration total;
  private String label = "";
  private long lastDraw;

  Progress(PrintStream err, boolean enabled, Duration total) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
  }

  /** Progress on {@code System.err} when the process has a console. */
  public static Progress forTerminal(Duration total) {
    return new Progress(System.err, System.console() != null, total);
  }

  public static Progress silent() {
    return new Progress(System.err, false, Duration.ofSeconds(1));
  }

  void baseline(String name) {
    label = name;
    lastDraw = 0;
  }

  void at(Duration simulated, double dollars) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double share = Math.min(1, simulated.toMillis() / (double) total.toMillis());
    int filled = (int) Math.round(share * WIDTH);
    err.print(
        String.format(
            Locale.ROOT,
            "\r%-22s [%s%s] %3.0f%% %s simulated, $%.2f",
            label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            share * 100,
            ScenarioReader.format(Duration.ofSeconds(simulated.toSeconds())),
            dollars));
    err.flush();
  }

  void done() {
    if (enabled) {
      err.print("\r" + " ".repeat(80) + "\r");
      err.flush();
    }
  }
}
