package dev.dovetail.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionSettingsTest {
  @Test
  void defaultsAreKarpentersTimings() {
    LeaderElection.Settings settings = LeaderElection.Settings.defaults("ns", "lease", "me");

    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theLeaseMustOutliveTheRenewDeadline() {
    assertThatThrownBy(
            () ->
                new LeaderElection.Settings(
                    "ns",
                    "lease",
                    "me",
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(2)))
        .hasMessageContaining("lease duration (PT10S) must be longer than the renew deadline");
  }

  @Test
  void theRenewDeadlineMustOutliveTheRetryPeriod() {
    assertThatThrownBy(
            () ->
                new LeaderElection.Settings(
                    "ns",
                    "lease",
                    "me",
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2)))
        .hasMessageContaining("renew deadline (PT2S) must be longer than the retry period");
  }
}
