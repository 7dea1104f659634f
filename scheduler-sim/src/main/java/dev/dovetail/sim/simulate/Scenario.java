package dev.dovetail.sim.simulate;

import dev.dovetail.scheduling.CapacityType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A scenario to replay: the objects applied at the start, what happens when, for how long, and the
 * node groups of the Cluster Autoscaler-like baseline. Read and validated by {@link
 * ScenarioReader}; the schema is documented in {@code docs/user/simulate.md}.
 *
 * @param nodeGroups the Cluster Autoscaler baseline's groups; empty picks the types Dovetail used
 */
public record Scenario(
    String name,
    Path source,
    Duration duration,
    Optional<String> region,
    long seed,
    List<HasMetadata> objects,
    List<Event> timeline,
    List<NodeGroup> nodeGroups) {

  public Scenario {
    objects = List.copyOf(objects);
    timeline = List.copyOf(timeline);
    nodeGroups = List.copyOf(nodeGroups);
  }

  /** One Cluster Autoscaler node group: a single instance type and capacity type. */
  record NodeGroup(String instanceType, CapacityType capacityType) {}

  /** A workload by kind, namespace and name. */
  record Ref(String kind, String namespace, String name) {
    @Override
    public String toString() {
      return kind + " " + namespace + "/" + name;
    }
  }

  /** Something that happens {@code at} after the start. */
  sealed interface Event {
    Duration at();

    /** A few words for the decision timeline. */
    String describe();
  }

  /** {@code kubectl scale}: a Deployment's replicas or a Job's parallelism. */
  record Scale(Duration at, Ref workload, int replicas) implements Event {
    @Override
    public String describe() {
      return "scale " + workload + " to " + replicas;
    }
  }

  /** {@code kubectl apply} of the objects of a file (created or replaced). */
  record Apply(Duration at, Path file, List<HasMetadata> objects) implements Event {
    @Override
    public String describe() {
      return "apply " + file.getFileName();
    }
  }

  /** {@code kubectl delete} of one object. */
  record Delete(Duration at, Ref object) implements Event {
    @Override
    public String describe() {
      return "delete " + object;
    }
  }

  /**
   * A load curve on a Deployment: its replicas follow the curve from {@code at}, re-set every
   * {@code every}, until the end of the run.
   */
  record Load(Duration at, Ref deployment, Curve curve, Duration every) implements Event {
    @Override
    public String describe() {
      return "load curve on " + deployment;
    }
  }

  /** Replicas as a function of the time since the curve started. */
  sealed interface Curve {
    int replicasAt(Duration sinceStart);
  }

  /**
   * A day-shaped curve: {@code min} at the trough, {@code max} at {@code peakAt} within each {@code
   * period}, a cosine between.
   */
  record Diurnal(int min, int max, Duration period, Duration peakAt) implements Curve {
    @Override
    public int replicasAt(Duration sinceStart) {
      double phase =
          2 * Math.PI * (sinceStart.toMillis() - peakAt.toMillis()) / (double) period.toMillis();
      return (int) Math.round(min + (max - min) * (1 + Math.cos(phase)) / 2);
    }
  }

  /** Piecewise constant: each step's replicas from its offset until the next step. */
  record Steps(List<Step> steps) implements Curve {
    Steps {
      steps = List.copyOf(steps);
    }

    @Override
    public int replicasAt(Duration sinceStart) {
      int replicas = 0;
      for (Step s : steps) {
        if (s.after().compareTo(sinceStart) <= 0) {
          replicas = s.replicas();
        }
      }
      return replicas;
    }
  }

  record Step(Duration after, int replicas) {}

  /** EC2 reclaims {@code share} of the running spot instances matching the pool filter. */
  record SpotInterruption(
      Duration at, double share, Optional<String> instanceType, Optional<String> zone)
      implements Event {
    @Override
    public String describe() {
      return "spot interruption of "
          + Math.round(share * 100)
          + "% of "
          + instanceType.orElse("every type")
          + " in "
          + zone.orElse("every zone");
    }
  }

  /** The spot price of a type (in one zone or all) becomes {@code price}, or is multiplied. */
  record SpotPriceChange(
      Duration at,
      String instanceType,
      Optional<String> zone,
      Optional<Double> price,
      Optional<Double> factor)
      implements Event {
    @Override
    public String describe() {
      return "spot price of "
          + instanceType
          + price.map(p -> " becomes $" + p).orElse(" x" + factor.orElse(1.0));
    }
  }

  /** A pool (type, zone or every zone, capacity type) has no capacity for {@code length}. */
  record IceFor(
      Duration at,
      String instanceType,
      Optional<String> zone,
      CapacityType capacityType,
      Duration length)
      implements Event {
    @Override
    public String describe() {
      return "no "
          + capacityType.label()
          + " capacity for "
          + instanceType
          + " in "
          + zone.orElse("every zone")
          + " for "
          + length;
    }
  }
}
