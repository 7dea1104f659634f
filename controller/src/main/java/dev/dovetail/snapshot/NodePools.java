package dev.dovetail.snapshot;

import dev.dovetail.model.NodePool;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.WellKnownLabels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns the internal model's node pools into the engine's, with the catalog's instance types. */
public final class NodePools {
  private NodePools() {}

  /**
   * The engine's pool: requirements plus labels plus the owner label, taints (startup taints are
   * not part of scheduling), limits in engine units, and the instance types.
   */
  public static dev.dovetail.scheduling.NodePool toEngine(NodePool pool, List<InstanceType> types) {
    List<Requirement> requirements = new ArrayList<>();
    for (dev.dovetail.model.Requirement r : pool.requirements()) {
      requirements.add(
          Requirement.of(
              r.key(),
              Operator.fromKubernetes(r.operator()),
              r.values() == null ? List.of() : r.values()));
    }
    requirements.add(Requirement.in(WellKnownLabels.PROVISIONER_NAME, pool.name()));
    Requirements all = Requirements.of(requirements).and(Requirements.fromLabels(pool.labels()));
    List<Taint> taints = new ArrayList<>();
    for (dev.dovetail.model.Taint t : pool.taints()) {
      taints.add(new Taint(t.key(), t.value(), TaintEffect.fromKubernetes(t.effect())));
    }
    Map<String, Long> limits = new TreeMap<>();
    pool.limits().forEach((name, amount) -> limits.put(name, engineUnits(name, amount)));
    return new dev.dovetail.scheduling.NodePool(
        pool.name(),
        pool.weight(),
        all,
        new TreeMap<>(pool.labels()),
        taints,
        Resources.NONE,
        new TreeMap<>(limits),
        types);
  }

  /**
   * Adds the requests of every DaemonSet that would run on the pool's nodes: it tolerates the
   * pool's taints and its node selector and first required node-affinity term fit the pool.
   */
  public static dev.dovetail.scheduling.NodePool withDaemons(
      dev.dovetail.scheduling.NodePool pool, List<dev.dovetail.scheduling.Pod> daemons) {
    dev.dovetail.scheduling.Resources overhead = pool.daemonOverhead();
    List<dev.dovetail.scheduling.HostPort> ports =
        new java.util.ArrayList<>(pool.daemonHostPorts());
    for (dev.dovetail.scheduling.Pod daemon : daemons) {
      boolean tolerated =
          pool.taints().stream()
              .filter(t -> t.effect() != dev.dovetail.scheduling.TaintEffect.PREFER_NO_SCHEDULE)
              .allMatch(
                  t -> dev.dovetail.scheduling.Toleration.anyTolerates(daemon.tolerations(), t));
      dev.dovetail.scheduling.Requirements wanted =
          daemon.requiredNodeAffinity().isEmpty()
              ? daemon.nodeSelector()
              : daemon.nodeSelector().and(daemon.requiredNodeAffinity().get(0));
      if (tolerated && pool.requirements().compatible(wanted)) {
        overhead = overhead.plus(daemon.requests().with(dev.dovetail.scheduling.Resources.PODS, 1));
        ports.addAll(daemon.hostPorts());
      }
    }
    return pool.withDaemonOverhead(overhead).withDaemonHostPorts(ports);
  }

  /** CPU in millicores, everything else in whole units, rounded down (a limit is a ceiling). */
  public static long engineUnits(String name, BigDecimal amount) {
    BigDecimal scaled =
        Resources.CPU.equals(name) ? amount.multiply(BigDecimal.valueOf(1000)) : amount;
    return scaled.setScale(0, java.math.RoundingMode.FLOOR).longValue();
  }
}
