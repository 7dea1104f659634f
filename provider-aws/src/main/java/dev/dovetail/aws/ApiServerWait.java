package dev.dovetail.aws;

import dev.dovetail.aws.instance.Sleeper;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Waits at start until the API server answers: each failed attempt is one line naming the server
 * and the cause (no stack trace), then a retry after a growing pause of at most 30 s.
 */
final class ApiServerWait {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(2);
  static final Duration MAX_PAUSE = Duration.ofSeconds(30);

  private ApiServerWait() {}

  /**
   * Calls {@code probe} until it returns; {@code say} gets one line per failure.
   *
   * @throws InterruptedException when interrupted while pausing
   */
  static <T> T until(Supplier<T> probe, String server, Consumer<String> say, Sleeper sleeper)
      throws InterruptedException {
    Duration pause = FIRST_PAUSE;
    while (true) {
      try {
        return probe.get();
      } catch (RuntimeException e) {
        String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        say.accept(
            "dovetail: cannot reach the API server at "
                + server
                + ": "
                + cause.lines().findFirst().orElse("")
                + "; retrying in "
                + pause.toSeconds()
                + "s");
        sleeper.sleep(pause);
        pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
      }
    }
  }
}
