package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.BoundPod;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.ExistingNode;
import dev.dovetail.scheduling.LabelSelector;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.PodAffinityTerm;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.TopologySpreadConstraint;
import dev.dovetail.scheduling.Weighted;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Topology spread, pod affinity and pod anti-affinity over every topology key of a solve.
 *
 * <p>Domains of a key other than hostname are the values the node pools can produce (their
 * requirements, their types' labels and offerings) plus the labels of existing nodes. {@link
 * #admit} says whether a pod may join a node and, for a planned node whose domain is still open,
 * which domain it must narrow to; {@link #record} counts the placed pod. Pods placed on a planned
 * node whose domain is still open count for spread and affinity only once it is a single domain,
 * and for anti-affinity in every domain it may still become, as upstream does.
 */
final class Topology {
  private final Map<String, String[]> domainsByKey;
  private final Map<List<Object>, TopologyGroup> groupsByKey = new HashMap<>();
  private final List<TopologyGroup> groups = new ArrayList<>();
  private final Slots slots;
  private final boolean canCreateNodes;
  private final int existingNodes;

  /** Bumped on every recorded pod, so per-pod caches of domain minimums know when to refresh. */
  private long version;

  private Topology(
      Map<String, String[]> domainsByKey, Slots slots, boolean canCreateNodes, int existingNodes) {
    this.domainsByKey = domainsByKey;
    this.slots = slots;
    this.canCreateNodes = canCreateNodes;
    this.existingNodes = existingNodes;
  }

  static Topology build(
      Snapshot snapshot, List<PodFacts> pods, List<PoolOption> pools, Slots slots) {
    Map<String, TreeSet<String>> values = new TreeMap<>();
    Set<String> keys = new TreeSet<>();
    for (PodFacts f : pods) {
      Pod p = f.pod;
      p.topologySpread().forEach(c -> keys.add(c.topologyKey()));
      p.requiredPodAffinity().forEach(t -> keys.add(t.topologyKey()));
      p.preferredPodAffinity().forEach(t -> keys.add(t.term().topologyKey()));
      p.requiredPodAntiAffinity().forEach(t -> keys.add(t.topologyKey()));
      p.preferredPodAntiAffinity().forEach(t -> keys.add(t.term().topologyKey()));
    }
    for (ExistingNode n : snapshot.existingNodes()) {
      for (BoundPod b : n.pods()) {
        b.requiredPodAntiAffinity().forEach(t -> keys.add(t.topologyKey()));
      }
    }
    keys.remove(WellKnownLabels.HOSTNAME);
    for (String key : keys) {
      TreeSet<String> v = new TreeSet<>();
      for (ExistingNode n : snapshot.existingNodes()) {
        String label = n.labels().get(key);
        if (label != null) {
          v.add(label);
        }
      }
      for (PoolOption pool : pools) {
        v.addAll(pool.compiled.domainValues(key));
      }
      values.put(key, v);
    }
    Map<String, String[]> domains = new HashMap<>();
    values.forEach((k, v) -> domains.put(k, v.toArray(new String[0])));
    Topology topology =
        new Topology(domains, slots, !pools.isEmpty(), snapshot.existingNodes().size());
    topology.namespaceLabels = snapshot.namespaceLabels();
    topology.bindTerms(pods);
    topology.countExisting(snapshot, pods);
    topology.save();
    return topology;
  }

  /** Labels of the known namespaces, for namespace selectors in affinity terms. */
  private Map<String, Map<String, String>> namespaceLabels = Map.of();

  private TopologyGroup group(
      String key, boolean anti, LabelSelector selector, Set<String> namespaces) {
    List<Object> id =
        List.of(key, anti, selector, namespaces == null ? "*" : new TreeSet<>(namespaces));
    return groupsByKey.computeIfAbsent(
        id,
        k ->
            addGroup(
                new TopologyGroup(
                    groups.size(),
                    key,
                    anti,
                    selector,
                    namespaces == null ? null : Set.copyOf(namespaces),
                    WellKnownLabels.HOSTNAME.equals(key) ? null : domainsByKey.get(key))));
  }

  private TopologyGroup addGroup(TopologyGroup g) {
    groups.add(g);
    return g;
  }

  private void bindTerms(List<PodFacts> pods) {
    for (PodFacts f : pods) {
      Pod p = f.pod;
      Set<String> own = Set.of(p.namespace());
      for (TopologySpreadConstraint c : p.topologySpread()) {
        PodFacts.SpreadTerm term =
            new PodFacts.SpreadTerm(
                group(c.topologyKey(), false, c.selector(), own), c.maxSkew(), c.minDomains());
        (c.required() ? f.requiredSpread : f.preferredSpread).add(term);
      }
      for (PodAffinityTerm t : p.requiredPodAffinity()) {
        f.requiredAffinity.add(
            group(
                t.topologyKey(),
                false,
                t.selector(),
                t.namespacesFor(p.namespace(), namespaceLabels)));
      }
      for (Weighted<PodAffinityTerm> w : sortedByWeight(p.preferredPodAffinity())) {
        PodAffinityTerm t = w.term();
        f.preferredAffinity.add(
            group(
                t.topologyKey(),
                false,
                t.selector(),
                t.namespacesFor(p.namespace(), namespaceLabels)));
      }
      for (PodAffinityTerm t : p.requiredPodAntiAffinity()) {
        f.requiredAnti.add(
            group(
                t.topologyKey(),
                true,
                t.selector(),
                t.namespacesFor(p.namespace(), namespaceLabels)));
      }
      for (Weighted<PodAffinityTerm> w : sortedByWeight(p.preferredPodAntiAffinity())) {
        PodAffinityTerm t = w.term();
        f.preferredAnti.add(
            group(
                t.topologyKey(),
                true,
                t.selector(),
                t.namespacesFor(p.namespace(), namespaceLabels)));
      }
    }
    for (PodFacts f : pods) {
      for (TopologyGroup g : groups) {
        if (g.selects(f.pod.namespace(), f.pod.labels())) {
          f.matchedGroups.add(g);
          if (g.anti) {
            f.matchedAntiGroups.add(g);
          }
        }
      }
    }
  }

  private void countExisting(Snapshot snapshot, List<PodFacts> pods) {
    List<ExistingNode> nodes = snapshot.existingNodes();
    for (int id = 0; id < nodes.size(); id++) {
      ExistingNode n = nodes.get(id);
      for (BoundPod b : n.pods()) {
        for (PodAffinityTerm t : b.requiredPodAntiAffinity()) {
          TopologyGroup g =
              group(
                  t.topologyKey(),
                  true,
                  t.selector(),
                  t.namespacesFor(b.namespace(), namespaceLabels));
          int d = fixedDomain(g, id, n.labels());
          if (d >= 0) {
            g.own(d);
          }
        }
      }
    }
    // Groups created for bound pods' anti-affinity may select pending pods too.
    for (PodFacts f : pods) {
      for (TopologyGroup g : groups) {
        if (g.anti
            && !f.matchedAntiGroups.contains(g)
            && g.selects(f.pod.namespace(), f.pod.labels())) {
          f.matchedGroups.add(g);
          f.matchedAntiGroups.add(g);
        }
      }
    }
    for (int id = 0; id < nodes.size(); id++) {
      ExistingNode n = nodes.get(id);
      for (BoundPod b : n.pods()) {
        for (TopologyGroup g : groups) {
          if (g.selects(b.namespace(), b.labels())) {
            int d = fixedDomain(g, id, n.labels());
            if (d >= 0) {
              g.add(d);
            }
          }
        }
      }
    }
  }

  private void save() {
    for (TopologyGroup g : groups) {
      g.save();
    }
  }

  /** Back to the state before any pending pod was placed, for the next packing run. */
  void reset() {
    version++;
    for (TopologyGroup g : groups) {
      g.restore();
    }
  }

  private static <T> List<Weighted<T>> sortedByWeight(List<Weighted<T>> list) {
    List<Weighted<T>> sorted = new ArrayList<>(list);
    sorted.sort((a, b) -> Integer.compare(b.weight(), a.weight()));
    return sorted;
  }

  private static int fixedDomain(TopologyGroup g, int nodeId, Map<String, String> labels) {
    return g.hostname ? nodeId : g.domainIndex(labels.get(g.key));
  }

  /** A node as topology sees it: an existing node with fixed labels or a planned one. */
  record NodeView(
      int nodeId, Map<String, String> labels, Requirements requirements, long offerSlots) {
    boolean fixed() {
      return labels != null;
    }
  }

  /**
   * Whether the pod may join the node; null when it may not, otherwise the requirements the node
   * must add to keep the pod's terms true ({@link Requirements#NONE} when nothing changes).
   */
  Requirements admit(PodState p, NodeView node) {
    PodFacts f = p.facts;
    if (!f.hasTopology()) {
      return Requirements.NONE;
    }
    Map<String, BitSet> allowed = null;
    List<PodFacts.SpreadTerm> spread = p.activeSpread();
    int[] minimums = spreadMinimums(p, spread);
    for (int s = 0; s < spread.size(); s++) {
      PodFacts.SpreadTerm t = spread.get(s);
      TopologyGroup g = t.group();
      if (g.hostname) {
        if (g.count(node.nodeId()) + 1 - hostnameMinimum(g) > t.maxSkew()) {
          return null;
        }
        continue;
      }
      allowed = allowed == null ? new TreeMap<>() : allowed;
      BitSet cand = allowed.computeIfAbsent(g.key, k -> possible(g, node, p.requirements()));
      int min = minimums[s];
      int best = -1;
      for (int d = cand.nextSetBit(0); d >= 0; d = cand.nextSetBit(d + 1)) {
        if (g.count(d) + 1 - min <= t.maxSkew() && (best < 0 || g.count(d) < g.count(best))) {
          best = d;
        }
      }
      if (best < 0) {
        return null;
      }
      cand.clear();
      cand.set(best);
    }
    for (TopologyGroup g : p.activeAffinity()) {
      boolean bootstrap = g.total() == 0 && g.selects(f.pod.namespace(), f.pod.labels());
      if (g.hostname) {
        if (g.count(node.nodeId()) == 0 && !bootstrap) {
          return null;
        }
        continue;
      }
      if (!node.fixed() && g.nodeCount(node.nodeId()) > 0) {
        // A matching pod already waits on this planned node: whatever domain it gets, both share
        // it.
        continue;
      }
      allowed = allowed == null ? new TreeMap<>() : allowed;
      BitSet cand = allowed.computeIfAbsent(g.key, k -> possible(g, node, p.requirements()));
      if (bootstrap) {
        int first = cand.nextSetBit(0);
        cand.clear();
        if (first >= 0) {
          cand.set(first);
        }
      } else {
        for (int d = cand.nextSetBit(0); d >= 0; d = cand.nextSetBit(d + 1)) {
          if (g.count(d) == 0) {
            cand.clear(d);
          }
        }
      }
      if (cand.isEmpty()) {
        return null;
      }
    }
    for (TopologyGroup g : p.activeAnti()) {
      if (g.hostname) {
        if (g.count(node.nodeId()) > 0) {
          return null;
        }
        continue;
      }
      if (node.fixed() && node.labels().get(g.key) == null) {
        continue;
      }
      allowed = allowed == null ? new TreeMap<>() : allowed;
      BitSet cand = allowed.computeIfAbsent(g.key, k -> possible(g, node, p.requirements()));
      for (int d = cand.nextSetBit(0); d >= 0; d = cand.nextSetBit(d + 1)) {
        if (g.count(d) > 0) {
          cand.clear(d);
        }
      }
      if (cand.isEmpty()) {
        return null;
      }
      keepFirst(cand, node);
    }
    for (TopologyGroup g : f.matchedAntiGroups) {
      if (!g.hasOwners()) {
        continue;
      }
      if (g.hostname) {
        if (g.owned(node.nodeId())) {
          return null;
        }
        continue;
      }
      if (node.fixed() && node.labels().get(g.key) == null) {
        continue;
      }
      allowed = allowed == null ? new TreeMap<>() : allowed;
      BitSet cand = allowed.computeIfAbsent(g.key, k -> possible(g, node, p.requirements()));
      for (int d = cand.nextSetBit(0); d >= 0; d = cand.nextSetBit(d + 1)) {
        if (g.owned(d)) {
          cand.clear(d);
        }
      }
      if (cand.isEmpty()) {
        return null;
      }
      keepFirst(cand, node);
    }
    if (allowed == null || node.fixed()) {
      return Requirements.NONE;
    }
    List<Requirement> narrowed = new ArrayList<>();
    for (Map.Entry<String, BitSet> e : allowed.entrySet()) {
      String[] domains = domainsByKey.get(e.getKey());
      BitSet cand = e.getValue();
      Requirement current = node.requirements().get(e.getKey());
      if (current != null
          && !current.complement()
          && current.values().size() == cand.cardinality()) {
        continue;
      }
      List<String> values = new ArrayList<>();
      for (int d = cand.nextSetBit(0); d >= 0; d = cand.nextSetBit(d + 1)) {
        values.add(domains[d]);
      }
      narrowed.add(Requirement.in(e.getKey(), values));
    }
    return narrowed.isEmpty() ? Requirements.NONE : Requirements.of(narrowed);
  }

  /**
   * Settles a planned node on one domain for an anti-affinity key: counting the pod in every domain
   * the node might still take (upstream's choice) would close them all to its peers.
   */
  private static void keepFirst(BitSet cand, NodeView node) {
    if (!node.fixed() && cand.cardinality() > 1) {
      int first = cand.nextSetBit(0);
      cand.clear();
      cand.set(first);
    }
  }

  /** The global minimum of each spread term over the domains the pod is eligible for. */
  private int[] spreadMinimums(PodState p, List<PodFacts.SpreadTerm> spread) {
    if (p.spreadVersion == version && p.spreadMinimums != null) {
      return p.spreadMinimums;
    }
    int[] minimums = new int[spread.size()];
    for (int s = 0; s < spread.size(); s++) {
      PodFacts.SpreadTerm t = spread.get(s);
      TopologyGroup g = t.group();
      if (g.hostname) {
        continue;
      }
      BitSet eligible = eligible(g, p.requiredRequirements());
      int min = Integer.MAX_VALUE;
      for (int d = eligible.nextSetBit(0); d >= 0; d = eligible.nextSetBit(d + 1)) {
        min = Math.min(min, g.count(d));
      }
      if (min == Integer.MAX_VALUE || eligible.cardinality() < t.minDomains()) {
        min = 0;
      }
      minimums[s] = min;
    }
    p.spreadMinimums = minimums;
    p.spreadVersion = version;
    return minimums;
  }

  /** Counts a placed pod; {@code node} carries the node's requirements after the pod joined. */
  void record(PodState p, NodeView node) {
    version++;
    PodFacts f = p.facts;
    for (TopologyGroup g : f.matchedGroups) {
      if (g.hostname) {
        g.add(node.nodeId());
        continue;
      }
      g.addToNode(node.nodeId());
      BitSet domains = possible(g, node, Requirements.NONE);
      if (g.anti) {
        for (int d = domains.nextSetBit(0); d >= 0; d = domains.nextSetBit(d + 1)) {
          g.add(d);
        }
      } else if (domains.cardinality() == 1) {
        g.add(domains.nextSetBit(0));
      }
    }
    // Only required anti-affinity keeps other pods away; upstream ignores preferred inverse terms.
    for (TopologyGroup g : f.requiredAnti) {
      if (g.hostname) {
        g.own(node.nodeId());
        continue;
      }
      BitSet domains = possible(g, node, Requirements.NONE);
      for (int d = domains.nextSetBit(0); d >= 0; d = domains.nextSetBit(d + 1)) {
        g.own(d);
      }
    }
  }

  private int hostnameMinimum(TopologyGroup g) {
    if (canCreateNodes) {
      return 0;
    }
    int min = Integer.MAX_VALUE;
    for (int id = 0; id < existingNodes; id++) {
      min = Math.min(min, g.count(id));
    }
    return min == Integer.MAX_VALUE ? 0 : min;
  }

  /** Domains the node can be in and the pod's own requirements allow. */
  private BitSet possible(TopologyGroup g, NodeView node, Requirements podRequirements) {
    BitSet out = new BitSet(g.domains.length);
    if (node.fixed()) {
      int d = g.domainIndex(node.labels().get(g.key));
      if (d >= 0) {
        Requirement own = podRequirements.get(g.key);
        if (own == null || own.allows(g.domains[d])) {
          out.set(d);
        }
      }
      return out;
    }
    Requirement nodeReq = node.requirements().get(g.key);
    Requirement own = podRequirements.get(g.key);
    for (int d = 0; d < g.domains.length; d++) {
      String v = g.domains[d];
      if ((nodeReq == null || nodeReq.allows(v))
          && (own == null || own.allows(v))
          && offered(g.key, v, node.offerSlots())) {
        out.set(d);
      }
    }
    return out;
  }

  private boolean offered(String key, String value, long offerSlots) {
    if (key.equals(WellKnownLabels.ZONE)) {
      int z = slots.zoneIndex(value);
      return z >= 0 && (offerSlots & (3L << (2 * z))) != 0;
    }
    if (key.equals(WellKnownLabels.CAPACITY_TYPE)) {
      for (CapacityType c : CapacityType.values()) {
        if (c.label().equals(value)) {
          return (offerSlots & (0x5555555555555555L << c.ordinal())) != 0;
        }
      }
      return false;
    }
    return true;
  }

  /** Domains a pod's spread counts over: those its own requirements allow. */
  private static BitSet eligible(TopologyGroup g, Requirements podRequirements) {
    BitSet out = new BitSet(g.domains.length);
    Requirement own = podRequirements.get(g.key);
    for (int d = 0; d < g.domains.length; d++) {
      if (own == null || own.allows(g.domains[d])) {
        out.set(d);
      }
    }
    return out;
  }
}
