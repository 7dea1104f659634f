package dev.dovetail.controllers;

import dev.dovetail.api.v1alpha5.Condition;
import dev.dovetail.api.v1alpha5.MachineStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes a Machine's knative-style conditions. {@code MachineLaunched}, {@code
 * MachineRegistered} and {@code MachineInitialized} are the dependents of {@code Ready}, which is
 * True only when all three are. A condition's {@code lastTransitionTime} moves only when its status
 * changes.
 */
public final class MachineConditions {
  private static final List<String> DEPENDENTS =
      List.of(Keys.MACHINE_LAUNCHED, Keys.MACHINE_REGISTERED, Keys.MACHINE_INITIALIZED);

  private MachineConditions() {}

  public static Optional<Condition> get(MachineStatus status, String type) {
    if (status == null || status.conditions() == null) {
      return Optional.empty();
    }
    return status.conditions().stream().filter(c -> type.equals(c.type())).findFirst();
  }

  public static boolean isTrue(MachineStatus status, String type) {
    return get(status, type).map(c -> "True".equals(c.status())).orElse(false);
  }

  /** When the condition last changed status, if it is set. */
  public static Optional<Instant> lastTransition(MachineStatus status, String type) {
    return get(status, type)
        .map(Condition::lastTransitionTime)
        .filter(Objects::nonNull)
        .map(Instant::parse);
  }

  public static MachineStatus markTrue(MachineStatus status, String type, Instant now) {
    return set(status, new Condition(type, "True", null, null, null, null), now);
  }

  /** True with a reason and message (the disruption conditions say why). */
  public static MachineStatus markTrue(
      MachineStatus status, String type, String reason, String message, Instant now) {
    return set(status, new Condition(type, "True", null, null, reason, message), now);
  }

  /** The status without the condition {@code type}. */
  public static MachineStatus without(MachineStatus status, String type) {
    return new MachineStatus(
        status.providerID(),
        status.capacity(),
        status.allocatable(),
        status.nodeName(),
        status.conditions() == null
            ? null
            : status.conditions().stream().filter(x -> !type.equals(x.type())).toList());
  }

  public static MachineStatus markFalse(
      MachineStatus status, String type, String reason, String message, Instant now) {
    return set(status, new Condition(type, "False", "Error", null, reason, message), now);
  }

  private static MachineStatus set(MachineStatus status, Condition wanted, Instant now) {
    MachineStatus base = status == null ? new MachineStatus(null, null, null, null, null) : status;
    List<Condition> conditions = new ArrayList<>(withType(base, wanted, now));
    Condition ready = readiness(conditions);
    Condition previousReady =
        conditions.stream().filter(c -> Keys.READY.equals(c.type())).findFirst().orElse(null);
    conditions.removeIf(c -> Keys.READY.equals(c.type()));
    conditions.add(stamp(previousReady, ready, now));
    return new MachineStatus(
        base.providerID(), base.capacity(), base.allocatable(), base.nodeName(), conditions);
  }

  private static List<Condition> withType(MachineStatus status, Condition wanted, Instant now) {
    List<Condition> conditions =
        status.conditions() == null ? new ArrayList<>() : new ArrayList<>(status.conditions());
    Condition previous =
        conditions.stream().filter(c -> wanted.type().equals(c.type())).findFirst().orElse(null);
    conditions.removeIf(c -> wanted.type().equals(c.type()));
    conditions.add(stamp(previous, wanted, now));
    conditions.sort((a, b) -> Integer.compare(order(a.type()), order(b.type())));
    return conditions;
  }

  private static int order(String type) {
    int i = DEPENDENTS.indexOf(type);
    return i < 0 ? DEPENDENTS.size() : i;
  }

  private static Condition readiness(List<Condition> conditions) {
    for (String type : DEPENDENTS) {
      Condition c = conditions.stream().filter(x -> type.equals(x.type())).findFirst().orElse(null);
      if (c == null) {
        return new Condition(Keys.READY, "Unknown", null, null, null, null);
      }
      if (!"True".equals(c.status())) {
        return new Condition(Keys.READY, c.status(), c.severity(), null, c.reason(), c.message());
      }
    }
    return new Condition(Keys.READY, "True", null, null, null, null);
  }

  private static Condition stamp(Condition previous, Condition wanted, Instant now) {
    String time =
        previous != null
                && previous.status().equals(wanted.status())
                && previous.lastTransitionTime() != null
            ? previous.lastTransitionTime()
            : format(now);
    return new Condition(
        wanted.type(), wanted.status(), wanted.severity(), time, wanted.reason(), wanted.message());
  }

  /** RFC 3339 in whole seconds, as the API server writes times. */
  public static String format(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
