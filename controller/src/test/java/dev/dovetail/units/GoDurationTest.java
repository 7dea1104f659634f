package dev.dovetail.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "1s, PT1S",
    "500ms, PT0.5S",
    "1m30s, PT1M30S",
    "1.5h, PT1H30M",
    "2h45m, PT2H45M",
    "0, PT0S",
    "250us, PT0.00025S",
    "1h2m3s, PT1H2M3S",
    "1.5s, PT1.5S",
    "250ms, PT0.25S"
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(GoDuration.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "s", "1x", "1s2", "-1s", "1 s", "soon"})
  void rejectsOtherText(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessageContaining("is not a duration");
  }

  @ParameterizedTest
  @CsvSource({"PT1S, 1s", "PT1M30S, 1m30s", "PT2H, 2h", "PT0.5S, 500ms", "PT1H0M5S, 1h0m5s"})
  void formatsWholeUnits(Duration duration, String expected) {
    assertThat(GoDuration.format(duration)).isEqualTo(expected);
  }
}
