package dev.dovetail.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.scheduling.fixtures.InstanceLabels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequirementsTest {
  private static final String ZONE = WellKnownLabels.ZONE;
  private static final String CPU = InstanceLabels.INSTANCE_CPU;

  static Stream<Arguments> compatibility() {
    return Stream.of(
        Arguments.of(
            "In meets In with a common value",
            reqs(Requirement.in(ZONE, "a", "b")),
            reqs(Requirement.in(ZONE, "b")),
            true),
        Arguments.of(
            "In misses In",
            reqs(Requirement.in(ZONE, "a")),
            reqs(Requirement.in(ZONE, "b")),
            false),
        Arguments.of(
            "NotIn excludes the only value",
            reqs(Requirement.in(ZONE, "a")),
            reqs(Requirement.notIn(ZONE, "a")),
            false),
        Arguments.of(
            "NotIn leaves another value",
            reqs(Requirement.in(ZONE, "a", "b")),
            reqs(Requirement.notIn(ZONE, "a")),
            true),
        Arguments.of(
            "Exists meets In",
            reqs(Requirement.in(ZONE, "a")),
            reqs(Requirement.exists(ZONE)),
            true),
        Arguments.of(
            "DoesNotExist against In",
            reqs(Requirement.in(ZONE, "a")),
            reqs(Requirement.doesNotExist(ZONE)),
            false),
        Arguments.of(
            "DoesNotExist against NotIn",
            reqs(Requirement.notIn("team", "a")),
            reqs(Requirement.doesNotExist("team")),
            true),
        Arguments.of(
            "Gt keeps larger values",
            reqs(Requirement.in(CPU, "2", "8")),
            reqs(Requirement.gt(CPU, 4)),
            true),
        Arguments.of(
            "Gt removes all values",
            reqs(Requirement.in(CPU, "2", "4")),
            reqs(Requirement.gt(CPU, 4)),
            false),
        Arguments.of(
            "Lt keeps smaller values",
            reqs(Requirement.in(CPU, "2", "8")),
            reqs(Requirement.lt(CPU, 4)),
            true),
        Arguments.of(
            "Gt and Lt with no integer between",
            reqs(Requirement.gt(CPU, 4)),
            reqs(Requirement.lt(CPU, 5)),
            false),
        Arguments.of(
            "Gt and Lt with room",
            reqs(Requirement.gt(CPU, 4)),
            reqs(Requirement.lt(CPU, 8)),
            true),
        Arguments.of(
            "Gt on a non-number",
            reqs(Requirement.in(CPU, "many")),
            reqs(Requirement.gt(CPU, 1)),
            false),
        Arguments.of(
            "undefined custom label In",
            Requirements.NONE,
            reqs(Requirement.in("team", "a")),
            false),
        Arguments.of(
            "undefined custom label Exists",
            Requirements.NONE,
            reqs(Requirement.exists("team")),
            false),
        Arguments.of(
            "undefined custom label NotIn",
            Requirements.NONE,
            reqs(Requirement.notIn("team", "a")),
            true),
        Arguments.of(
            "undefined custom label DoesNotExist",
            Requirements.NONE,
            reqs(Requirement.doesNotExist("team")),
            true),
        Arguments.of(
            "undefined well-known label In",
            Requirements.NONE,
            reqs(Requirement.in(ZONE, "a")),
            true),
        Arguments.of(
            "beta alias maps to the stable key",
            reqs(Requirement.in(ZONE, "a")),
            reqs(Requirement.in("failure-domain.beta.kubernetes.io/zone", "b")),
            false),
        Arguments.of(
            "custom label defined by labels",
            Requirements.fromLabels(java.util.Map.of("team", "a")),
            reqs(Requirement.in("team", "a")),
            true),
        Arguments.of(
            "Exists on DoesNotExist",
            reqs(Requirement.doesNotExist("team")),
            reqs(Requirement.exists("team")),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("compatibility")
  void followsUpstreamCompatibilityRules(
      String name, Requirements node, Requirements pod, boolean compatible) {
    assertThat(node.compatible(pod)).as(node.incompatibility(pod)).isEqualTo(compatible);
  }

  static Stream<Arguments> intersections() {
    return Stream.of(
        Arguments.of(
            Requirement.in(ZONE, "a", "b"),
            Requirement.in(ZONE, "b", "c"),
            Operator.IN,
            List.of("b")),
        Arguments.of(
            Requirement.notIn(ZONE, "a"),
            Requirement.in(ZONE, "a", "b"),
            Operator.IN,
            List.of("b")),
        Arguments.of(
            Requirement.notIn(ZONE, "a"),
            Requirement.notIn(ZONE, "b"),
            Operator.NOT_IN,
            List.of("a", "b")),
        Arguments.of(
            Requirement.exists(ZONE), Requirement.in(ZONE, "a"), Operator.IN, List.of("a")),
        Arguments.of(
            Requirement.gt(CPU, 2), Requirement.in(CPU, "2", "4"), Operator.IN, List.of("4")),
        Arguments.of(Requirement.gt(CPU, 2), Requirement.lt(CPU, 10), Operator.GT, List.of()),
        Arguments.of(
            Requirement.in(ZONE, "a"),
            Requirement.doesNotExist(ZONE),
            Operator.DOES_NOT_EXIST,
            List.of()));
  }

  @ParameterizedTest(name = "{0} ∩ {1}")
  @MethodSource("intersections")
  void intersects(Requirement a, Requirement b, Operator op, List<String> values) {
    Requirement both = a.intersect(b);
    assertThat(both.operator()).isEqualTo(op);
    assertThat(both.values()).containsExactlyElementsOf(values);
    assertThat(b.intersect(a)).isEqualTo(both);
  }

  private static Requirements reqs(Requirement... r) {
    return Requirements.of(r);
  }
}
