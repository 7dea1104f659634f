package dev.dovetail.snapshot;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.api.validation.Quantities;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.TaintEffect;
import dev.dovetail.scheduling.Toleration;
import dev.dovetail.scheduling.WellKnownLabels;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Turns Provisioners into the engine's node pools, with the catalog's instance types. */
public final class NodePools {
  private NodePools() {}

  /**
   * The engine's pool for a valid, defaulted Provisioner: requirements plus labels plus the owner
   * label, taints (startup taints are not part of scheduling), limits in engine units, and the
   * instance types.
   *
   * @throws IllegalArgumentException naming the resource when a limit is not a quantity
   */
  public static NodePool toEngine(Provisioner provisioner, List<InstanceType> types) {
    String name = provisioner.getMetadata().getName();
    ProvisionerSpec spec =
        provisioner.getSpec() == null ? ProvisionerSpec.empty() : provisioner.getSpec();
    Map<String, String> labels = spec.labels() == null ? Map.of() : spec.labels();
    List<Requirement> requirements = NodeConstraints.requirements(spec.requirements());
    requirements.add(Requirement.in(WellKnownLabels.PROVISIONER_NAME, name));
    Requirements all = Requirements.of(requirements).and(Requirements.fromLabels(labels));
    SortedMap<String, Long> limits = new TreeMap<>();
    if (spec.limits() != null && spec.limits().resources() != null) {
      spec.limits()
          .resources()
          .forEach(
              (resource, quantity) ->
                  limits.put(
                      resource, engineUnits(resource, Quantities.require(resource, quantity))));
    }
    return new NodePool(
        name,
        spec.weight() == null ? 0 : spec.weight(),
        all,
        new TreeMap<>(labels),
        NodeConstraints.taints(spec.taints()),
        Resources.NONE,
        limits,
        types,
        List.of(),
        Set.of());
  }

  /**
   * Adds the requests of every DaemonSet that would run on the pool's nodes: it tolerates the
   * pool's taints and its node selector and first required node-affinity term fit the pool.
   */
  public static NodePool withDaemons(NodePool pool, List<Pod> daemons) {
    Resources overhead = pool.daemonOverhead();
    List<HostPort> ports = new ArrayList<>(pool.daemonHostPorts());
    Set<String> wellKnown = pool.wellKnownLabels();
    for (Pod daemon : daemons) {
      boolean tolerated =
          pool.taints().stream()
              .filter(t -> t.effect() != TaintEffect.PREFER_NO_SCHEDULE)
              .allMatch(t -> Toleration.anyTolerates(daemon.tolerations(), t));
      Requirements wanted =
          daemon.requiredNodeAffinity().isEmpty()
              ? daemon.nodeSelector()
              : daemon.nodeSelector().and(daemon.requiredNodeAffinity().get(0));
      if (tolerated && pool.requirements().compatible(wanted, wellKnown)) {
        overhead = overhead.plus(daemon.requests().with(Resources.PODS, 1));
        ports.addAll(daemon.hostPorts());
      }
    }
    return pool.withDaemonOverhead(overhead).withDaemonHostPorts(ports);
  }

  /** CPU in millicores, everything else in whole units, rounded down (a limit is a ceiling). */
  public static long engineUnits(String name, BigDecimal amount) {
    BigDecimal scaled =
        Resources.CPU.equals(name) ? amount.multiply(BigDecimal.valueOf(1000)) : amount;
    return scaled.setScale(0, RoundingMode.FLOOR).longValue();
  }
}
