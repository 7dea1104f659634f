package dev.dovetail.api.validation;

import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules shared by Provisioner and Machine: requirements, taints and labels. */
final class SchedulingRules {
  static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
  static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private SchedulingRules() {}

  static void labels(
      Map<String, String> labels, FieldPath path, LabelPolicy wellKnown, Problems problems) {
    if (labels == null) {
      return;
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String key = label.getKey();
      FieldPath at = path.key(key);
      if (WellKnownLabels.PROVISIONER_NAME.equals(key)) {
        problems.add(at, "label " + key + " is restricted: Dovetail sets it on every node");
        continue;
      }
      String keyError = Syntax.qualifiedNameError(key);
      if (keyError != null) {
        problems.add(at, "invalid label key: " + keyError);
        continue;
      }
      String valueError = Syntax.labelValueError(label.getValue());
      if (valueError != null) {
        problems.add(at, valueError);
      }
      String restriction = wellKnown.restriction(key);
      if (restriction != null) {
        problems.add(at, restriction);
      }
    }
  }

  static void requirements(
      List<NodeSelectorRequirement> requirements,
      FieldPath path,
      LabelPolicy wellKnown,
      Problems problems) {
    if (requirements == null) {
      return;
    }
    for (int i = 0; i < requirements.size(); i++) {
      requirement(requirements.get(i), path.index(i), wellKnown, problems);
    }
  }

  private static void requirement(
      NodeSelectorRequirement requirement,
      FieldPath path,
      LabelPolicy wellKnown,
      Problems problems) {
    if (requirement == null) {
      problems.add(path, "must not be null");
      return;
    }
    String key =
        requirement.getKey() == null ? "" : WellKnownLabels.normalize(requirement.getKey());
    String keyError = Syntax.qualifiedNameError(key);
    if (keyError != null) {
      problems.add(path.child("key"), "invalid label key: " + keyError);
    } else if (WellKnownLabels.PROVISIONER_NAME.equals(key)) {
      problems.add(
          path.child("key"), "label " + key + " is restricted: Dovetail sets it on every node");
    } else if (wellKnown != null) {
      String restriction = wellKnown.restriction(key);
      if (restriction != null) {
        problems.add(path.child("key"), restriction);
      }
    }
    String operator = requirement.getOperator();
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    if (operator == null || operator.isEmpty()) {
      problems.add(path.child("operator"), "required field is missing");
      return;
    }
    if (!OPERATORS.contains(operator)) {
      problems.add(
          path.child("operator"),
          "unsupported operator \""
              + operator
              + "\"; use one of In, NotIn, Exists, DoesNotExist, Gt, Lt");
      return;
    }
    boolean setOperator = operator.equals("In") || operator.equals("NotIn");
    for (int v = 0; setOperator && v < values.size(); v++) {
      String valueError = Syntax.labelValueError(values.get(v));
      if (valueError != null) {
        problems.add(path.child("values").index(v), valueError);
      }
    }
    switch (operator) {
      case "In" -> {
        if (values.isEmpty()) {
          problems.add(path.child("values"), "operator In needs at least one value");
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          problems.add(path.child("values"), "operator " + operator + " takes no values");
        }
      }
      case "Gt", "Lt" -> {
        if (values.size() != 1) {
          problems.add(
              path.child("values"),
              "operator " + operator + " takes exactly one value, not " + values.size());
        } else if (!values.get(0).matches("\\d+") || values.get(0).length() > 18) {
          problems.add(
              path.child("values").index(0),
              "operator "
                  + operator
                  + " needs a non-negative integer, not \""
                  + values.get(0)
                  + "\"");
        }
      }
      default -> {
        // NotIn accepts any number of values, including none
      }
    }
  }

  /** Taint syntax, and no key/effect pair twice across {@code taints} and {@code startupTaints}. */
  static void taints(
      List<Taint> taints,
      FieldPath taintsPath,
      List<Taint> startupTaints,
      FieldPath startupPath,
      Problems problems) {
    Map<String, FieldPath> seen = new HashMap<>();
    taintList(taints, taintsPath, seen, problems);
    taintList(startupTaints, startupPath, seen, problems);
  }

  private static void taintList(
      List<Taint> taints, FieldPath path, Map<String, FieldPath> seen, Problems problems) {
    if (taints == null) {
      return;
    }
    for (int i = 0; i < taints.size(); i++) {
      Taint taint = taints.get(i);
      FieldPath at = path.index(i);
      if (taint == null) {
        problems.add(at, "must not be null");
        continue;
      }
      String keyError = Syntax.qualifiedNameError(taint.getKey());
      if (keyError != null) {
        problems.add(at.child("key"), "invalid taint key: " + keyError);
      }
      String valueError = Syntax.labelValueError(taint.getValue());
      if (valueError != null) {
        problems.add(at.child("value"), valueError.replace("label value", "taint value"));
      }
      String effect = taint.getEffect();
      if (effect == null || effect.isEmpty()) {
        problems.add(at.child("effect"), "required field is missing");
      } else if (!EFFECTS.contains(effect)) {
        problems.add(
            at.child("effect"),
            "unsupported taint effect \""
                + effect
                + "\"; use NoSchedule, PreferNoSchedule or NoExecute");
      }
      if (keyError == null && effect != null) {
        String pair = taint.getKey() + ":" + effect;
        FieldPath first = seen.putIfAbsent(pair, at);
        if (first != null) {
          problems.add(at, "duplicate taint key/effect " + pair + " (first at " + first + ")");
        }
      }
    }
  }
}
