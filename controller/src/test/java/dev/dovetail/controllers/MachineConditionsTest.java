package dev.dovetail.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.MachineStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MachineConditionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = T0.plusSeconds(90);

  @Test
  void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
    MachineStatus s =
        MachineConditions.markFalse(
            null, Keys.MACHINE_REGISTERED, "NotLaunched", "Node not launched", T0);
    s =
        MachineConditions.markFalse(
            s, Keys.MACHINE_REGISTERED, "NodeNotFound", "Node not registered with cluster", T1);

    Condition registered = MachineConditions.get(s, Keys.MACHINE_REGISTERED).orElseThrow();
    assertThat(registered.reason()).isEqualTo("NodeNotFound");
    assertThat(registered.lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

    s = MachineConditions.markTrue(s, Keys.MACHINE_REGISTERED, T1);
    assertThat(MachineConditions.lastTransition(s, Keys.MACHINE_REGISTERED)).contains(T1);
    assertThat(MachineConditions.get(s, Keys.MACHINE_REGISTERED).orElseThrow().reason()).isNull();
  }

  @Test
  void readyFollowsTheFirstDependentThatIsNotTrue() {
    MachineStatus s = MachineConditions.markTrue(null, Keys.MACHINE_LAUNCHED, T0);
    assertThat(MachineConditions.get(s, Keys.READY).orElseThrow().status()).isEqualTo("Unknown");

    s = MachineConditions.markTrue(s, Keys.MACHINE_REGISTERED, T0);
    s =
        MachineConditions.markFalse(
            s, Keys.MACHINE_INITIALIZED, "NodeNotReady", "Node status is NotReady", T0);
    Condition ready = MachineConditions.get(s, Keys.READY).orElseThrow();
    assertThat(ready.status()).isEqualTo("False");
    assertThat(ready.reason()).isEqualTo("NodeNotReady");

    s = MachineConditions.markTrue(s, Keys.MACHINE_INITIALIZED, T1);
    assertThat(MachineConditions.isTrue(s, Keys.READY)).isTrue();
    assertThat(s.conditions())
        .extracting(Condition::type)
        .containsExactly(
            Keys.MACHINE_LAUNCHED, Keys.MACHINE_REGISTERED, Keys.MACHINE_INITIALIZED, Keys.READY);
  }

  @Test
  void statusFieldsOtherThanConditionsAreKept() {
    MachineStatus s = new MachineStatus("fake:///z/i-1", null, null, "node-1", null);

    s = MachineConditions.markTrue(s, Keys.MACHINE_LAUNCHED, T0);

    assertThat(s.providerID()).isEqualTo("fake:///z/i-1");
    assertThat(s.nodeName()).isEqualTo("node-1");
  }
}
