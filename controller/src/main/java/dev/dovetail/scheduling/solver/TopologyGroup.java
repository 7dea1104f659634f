package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.LabelSelector;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * The pods matching one selector in some namespaces, counted per domain of one topology key: the
 * shared state behind topology spread, pod affinity and pod anti-affinity.
 *
 * <p>For {@code kubernetes.io/hostname} a domain is a node id (existing nodes first, then planned
 * ones); for any other key it is an index into that key's sorted domain values. An anti-affinity
 * group also remembers the domains its owners (the pods carrying the term) occupy, so that pods
 * matching the selector stay out of them (inverse anti-affinity).
 */
final class TopologyGroup {
  final int id;
  final String key;
  final boolean hostname;
  final boolean anti;
  final LabelSelector selector;

  /** The namespaces whose pods count; null for every namespace. */
  final Set<String> namespaces;

  /** Domain values of a non-hostname key, sorted; null for hostname. */
  final String[] domains;

  private int[] counts;

  /** Matching pods per node id, also for zone-like keys: pods on one node share every domain. */
  private int[] nodeCounts = new int[64];

  private final BitSet owners = new BitSet();
  private int total;

  TopologyGroup(
      int id,
      String key,
      boolean anti,
      LabelSelector selector,
      Set<String> namespaces,
      String[] domains) {
    this.id = id;
    this.key = key;
    this.hostname = WellKnownLabels.HOSTNAME.equals(key);
    this.anti = anti;
    this.selector = selector;
    this.namespaces = namespaces;
    this.domains = domains;
    this.counts = new int[hostname ? 64 : domains.length];
  }

  boolean selects(String namespace, Map<String, String> labels) {
    return (namespaces == null || namespaces.contains(namespace)) && selector.matches(labels);
  }

  int count(int domain) {
    return domain < counts.length ? counts[domain] : 0;
  }

  int nodeCount(int nodeId) {
    return nodeId < nodeCounts.length ? nodeCounts[nodeId] : 0;
  }

  void addToNode(int nodeId) {
    if (nodeId >= nodeCounts.length) {
      nodeCounts = Arrays.copyOf(nodeCounts, Math.max(nodeId + 1, nodeCounts.length * 2));
    }
    nodeCounts[nodeId]++;
  }

  int total() {
    return total;
  }

  void add(int domain) {
    if (domain >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(domain + 1, counts.length * 2));
    }
    counts[domain]++;
    total++;
  }

  void own(int domain) {
    owners.set(domain);
  }

  boolean owned(int domain) {
    return owners.get(domain);
  }

  boolean hasOwners() {
    return !owners.isEmpty();
  }

  int domainIndex(String value) {
    return value == null ? -1 : Arrays.binarySearch(domains, value);
  }

  private int[] savedCounts;
  private int[] savedNodeCounts;
  private BitSet savedOwners;
  private int savedTotal;

  void save() {
    savedCounts = counts.clone();
    savedNodeCounts = nodeCounts.clone();
    savedOwners = (BitSet) owners.clone();
    savedTotal = total;
  }

  void restore() {
    counts = savedCounts.clone();
    nodeCounts = savedNodeCounts.clone();
    owners.clear();
    owners.or(savedOwners);
    total = savedTotal;
  }

  String describe() {
    return (anti ? "anti-affinity to " : "pods ") + selector + " per " + key;
  }
}
