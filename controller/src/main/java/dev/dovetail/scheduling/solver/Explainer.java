package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.HostPort;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Taint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Says, for a pod the packer could not place, what eliminated every option: for each existing node
 * kind of failure (taints, host ports, labels, resources, topology) and for each node pool the
 * first check that failed (taints, requirements, instance types, resources, offerings, limits,
 * topology).
 */
final class Explainer {
  /** Upstream's threshold for the {@code m}/{@code M} typo hint: a request of a million cores. */
  static final long SUSPICIOUS_CPU_MILLIS = 1_000_000_000L;

  private final Problem problem;
  private final Packer packer;

  Explainer(Problem problem, Packer packer) {
    this.problem = problem;
    this.packer = packer;
  }

  String explain(PodState p) {
    List<String> parts = new ArrayList<>();
    String existing = existingNodes(p);
    if (existing != null) {
      parts.add(existing);
    }
    if (problem.pools.isEmpty()) {
      parts.add("no Provisioner can launch nodes");
    }
    for (PoolOption pool : problem.pools) {
      parts.add("Provisioner " + pool.name() + ": " + pool(p, pool));
    }
    StringBuilder sb = new StringBuilder("no node fits: ");
    sb.append(String.join("; ", parts));
    if (!p.relaxed().isEmpty()) {
      sb.append(" (already relaxed: ").append(String.join(", ", p.relaxed())).append(')');
    }
    if (p.facts.pod.requests().cpuMillis() >= SUSPICIOUS_CPU_MILLIS) {
      sb.append(
          ". The pod requests "
              + Resources.format(Resources.CPU, p.facts.pod.requests().cpuMillis())
              + " CPU: did you write M (mega) where you meant m (milli)?");
    }
    return sb.toString();
  }

  private String existingNodes(PodState p) {
    List<ExistingNode> nodes = problem.snapshot.existingNodes();
    if (nodes.isEmpty()) {
      return null;
    }
    Map<String, Integer> reasons = new TreeMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ExistingNode n = nodes.get(i);
      String why;
      if (!Packer.tolerates(p, n.taints())) {
        why = "taints not tolerated";
      } else if (Draft.portsConflict(packer.existingPorts.get(i), p.facts.pod.hostPorts())) {
        why = "host port in use";
      } else if (!p.requirements().matchesLabels(n.labels())) {
        why = "labels do not match " + p.requirements().firstUnmatched(n.labels());
      } else if (!Dimensions.fits(p.facts.requests, packer.existingFree[i])) {
        why =
            "not enough "
                + String.join(
                    "/", problem.dims.exceeding(p.facts.requests, packer.existingFree[i]));
      } else {
        why = "topology constraints";
      }
      reasons.merge(why, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder(nodes.size() + " existing node(s): ");
    boolean first = true;
    for (Map.Entry<String, Integer> e : reasons.entrySet()) {
      sb.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
      first = false;
    }
    return sb.toString();
  }

  private String pool(PodState p, PoolOption pool) {
    for (HostPort wanted : p.facts.pod.hostPorts()) {
      for (HostPort used : pool.pool.daemonHostPorts()) {
        if (wanted.conflictsWith(used)) {
          return "host port " + wanted.port() + "/" + wanted.protocol() + " is used by a DaemonSet";
        }
      }
    }
    for (Taint t : pool.pool.taints()) {
      if (!Packer.tolerates(p, List.of(t))) {
        return "taint " + t + " is not tolerated";
      }
    }
    String conflict = pool.requirements.incompatibility(p.requirements(), pool.wellKnown);
    if (conflict != null) {
      return "requirements do not match (" + conflict + ")";
    }
    if (pool.types.length == 0) {
      return "no instance type has an available offering it allows"
          + (pool.compiled.droppedTypes.isEmpty()
              ? ""
              : " (" + pool.compiled.droppedTypes.size() + " dropped)");
    }
    BitSet compat = pool.compatible(p.requirements());
    if (compat.isEmpty()) {
      return "no instance type matches " + p.requirements();
    }
    long[] largest = new long[problem.dims.size()];
    boolean anyFits = false;
    for (int i = compat.nextSetBit(0); i >= 0; i = compat.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      if (Dimensions.fits(p.facts.requests, t.allocatable)) {
        anyFits = true;
        break;
      }
      for (int d = 0; d < largest.length; d++) {
        largest[d] = Math.max(largest[d], t.allocatable[d]);
      }
    }
    if (!anyFits) {
      StringBuilder sb = new StringBuilder("no instance type has enough ");
      List<String> short_ = problem.dims.exceeding(p.facts.requests, largest);
      if (short_.isEmpty()) {
        short_ = List.of("resources at once");
      }
      boolean first = true;
      for (String r : short_) {
        int d = indexOf(r);
        sb.append(first ? "" : ", ").append(r);
        if (d >= 0) {
          sb.append(" (needs ")
              .append(Resources.format(r, p.facts.requests[d]))
              .append(" with daemonsets, largest allocatable ")
              .append(Resources.format(r, largest[d]))
              .append(')');
        }
        first = false;
      }
      return sb.toString();
    }
    long slotMask =
        problem.slots.allowed(pool.requirements.and(p.requirements())) & pool.allowedSlots;
    boolean offered = false;
    boolean limited = true;
    for (int i = compat.nextSetBit(0); i >= 0; i = compat.nextSetBit(i + 1)) {
      TypeOption t = pool.types[i];
      if (Dimensions.fits(p.facts.requests, t.allocatable) && (t.offerMask & slotMask) != 0) {
        offered = true;
        if (pool.withinLimits(i)) {
          limited = false;
        }
      }
    }
    if (!offered) {
      return "no fitting instance type has an available offering in zones "
          + problem.slots.zonesOf(slotMask)
          + " as "
          + Slots.capacityTypesOf(slotMask);
    }
    if (limited) {
      return "limits reached (" + pool.limitsSummary() + ")";
    }
    if (!p.facts.pod.hostPorts().isEmpty()) {
      return "topology or host ports: " + topologyTerms(p);
    }
    return "topology: " + topologyTerms(p);
  }

  private int indexOf(String resource) {
    for (int d = 0; d < problem.dims.size(); d++) {
      if (problem.dims.name(d).equals(resource)) {
        return d;
      }
    }
    return -1;
  }

  private static String topologyTerms(PodState p) {
    List<String> terms = new ArrayList<>();
    for (PodFacts.SpreadTerm t : p.activeSpread()) {
      terms.add("spread of " + t.group().describe() + " with maxSkew " + t.maxSkew());
    }
    for (TopologyGroup g : p.activeAffinity()) {
      terms.add("affinity to " + g.describe());
    }
    for (TopologyGroup g : p.activeAnti()) {
      terms.add(g.describe());
    }
    for (TopologyGroup g : p.facts.matchedAntiGroups) {
      if (g.hasOwners()) {
        terms.add("other pods' " + g.describe());
      }
    }
    return terms.isEmpty()
        ? "no domain satisfies its constraints"
        : "cannot satisfy " + String.join(", ", terms);
  }
}
