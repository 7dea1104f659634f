package dev.dovetail.sim.simulate;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Progress of a long run on stderr: the baseline, simulated time reached, dollars so far and a bar,
 * redrawn in place at most a few times a second. Silent unless stderr is a terminal.
 */
public final class Progress {
  private static final Duration REDRAW = Duration.ofMillis(200);
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean enabled;
  private final Duration total;
  private final Clock wall;
  private String label = "";
  private Instant lastDraw = Instant.MIN;

  Progress(PrintStream err, boolean enabled, Duration total, Clock wall) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
    this.wall = wall;
  }

  /** Progress on {@code System.err} when the process has a console. */
  public static Progress forTerminal(Duration total, Clock wall) {
    return new Progress(System.err, System.console() != null, total, wall);
  }

  public static Progress silent() {
    // Never redraws, so never reads its clock.
    return new Progress(System.err, false, Duration.ofSeconds(1), Clock.systemUTC());
  }

  void baseline(String name) {
    label = name;
    lastDraw = Instant.MIN;
  }

  void at(Duration simulated, double dollars) {
    if (!enabled) {
      return;
    }
    Instant now = wall.instant();
    if (now.isBefore(lastDraw.plus(REDRAW))) {
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
