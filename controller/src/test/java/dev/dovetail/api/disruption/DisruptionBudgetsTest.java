package dev.dovetail.api.disruption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DisruptionBudgetsTest {
  private static final Instant MONDAY_10 = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void withoutTheAnnotationEverythingIsAllowed() {
    DisruptionBudgets none = DisruptionBudgets.of(Map.of());
    assertThat(none.present()).isFalse();
    assertThat(none.allowed("Underutilized", 50, MONDAY_10)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void anEmptyListIsVOnesDefaultOfTenPercentRoundedUp() {
    DisruptionBudgets b = DisruptionBudgets.parse("[]");
    assertThat(b.allowed("Empty", 5, MONDAY_10)).isEqualTo(1);
    assertThat(b.allowed("Empty", 25, MONDAY_10)).isEqualTo(3);
  }

  @Test
  void theSmallestActiveBudgetForTheReasonWins() {
    DisruptionBudgets b =
        DisruptionBudgets.parse(
            """
            - nodes: "50%"
            - nodes: "0"
              reasons: [Drifted]
            - nodes: "2"
              schedule: "0 9 * * mon-fri"
              duration: 8h
            """);
    assertThat(b.problems()).isEmpty();
    assertThat(b.allowed("Underutilized", 10, MONDAY_10)).isEqualTo(2);
    assertThat(b.allowed("Drifted", 10, MONDAY_10)).isZero();
    assertThat(b.allowed("Underutilized", 10, Instant.parse("2026-01-05T18:00:00Z"))).isEqualTo(5);
    assertThat(b.allowed("Underutilized", 10, Instant.parse("2026-01-04T10:00:00Z"))).isEqualTo(5);
  }

  @Test
  void problemsNameTheFieldAndTheRule() {
    DisruptionBudgets b =
        DisruptionBudgets.parse(
            """
            - nodes: "150%"
            - schedule: "61 * * * *"
              duration: 1h
            - schedule: "@daily"
            - reasons: [Consolidation]
              colour: blue
            """);
    assertThat(b.problems())
        .extracting(p -> p.path() + ": " + p.rule())
        .containsExactlyInAnyOrder(
            "[0].nodes: must be a node count (\"5\") or a percentage from 0% to 100% (\"10%\"), not"
                + " \"150%\"",
            "[1].schedule: invalid cron schedule: minute 61 is out of range 0-59",
            "[2].duration: schedule and duration must be set together",
            "[3].colour: unknown field; use nodes, schedule, duration, reasons",
            "[3].reasons[0]: unknown reason \"Consolidation\"; use Underutilized, Empty, Drifted or"
                + " Expired");
  }

  @Test
  void notAListIsOneProblem() {
    assertThat(DisruptionBudgets.parse("nodes: 1").problems())
        .singleElement()
        .satisfies(p -> assertThat(p.rule()).startsWith("must be a list of budgets"));
  }

  @Test
  void cronFindsTheLastFireTime() {
    CronSchedule weekdays = CronSchedule.parse("30 9 * * mon-fri");
    assertThat(weekdays.lastFireAtOrBefore(Instant.parse("2026-01-04T12:00:00Z")))
        .contains(Instant.parse("2026-01-02T09:30:00Z"));
    assertThat(CronSchedule.parse("@hourly").lastFireAtOrBefore(MONDAY_10.plusSeconds(59 * 60)))
        .contains(MONDAY_10);
    assertThatThrownBy(() -> CronSchedule.parse("* * *"))
        .hasMessageContaining("must have 5 fields");
  }
}
