package dev.dovetail.api.validation;

import java.util.Objects;

/**
 * One thing wrong with one object: which object, which field, which rule. {@link #toString()} is
 * the user-facing line {@code <kind>/<name>: <field path>: <rule>}, always one bounded line: user
 * values inside it have their control characters escaped and are cut.
 *
 * @param kind the object's kind, e.g. {@code Provisioner}
 * @param name the object's name, or {@code <unnamed>}
 * @param fieldPath the field in Kubernetes path notation, e.g. {@code spec.requirements[0].values}
 * @param rule what the field violates, in words a user can act on
 */
public record Problem(String kind, String name, String fieldPath, String rule) {
  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(rule, "rule");
    name = name == null || name.isEmpty() ? "<unnamed>" : OneLine.of(name, 253);
    fieldPath = OneLine.of(fieldPath, 300);
    rule = OneLine.of(rule, 400);
  }

  @Override
  public String toString() {
    return kind + "/" + name + ": " + fieldPath + ": " + rule;
  }
}
