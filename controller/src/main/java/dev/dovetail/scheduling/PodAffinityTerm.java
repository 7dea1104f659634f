package dev.dovetail.scheduling;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One pod affinity or anti-affinity term: pods matching {@code selector} in {@code namespaces},
 * counted per value of the node label {@code topologyKey}.
 *
 * @param selector which pods the term is about
 * @param namespaces the namespaces those pods live in; empty means the pod's own namespace
 * @param topologyKey the node label that defines a domain ({@code kubernetes.io/hostname}, zone…)
 * @param namespaceSelector selects further namespaces by their labels (null: not set; the empty
 *     selector: every namespace), matched against the snapshot's {@link Snapshot#namespaceLabels()}
 */
public record PodAffinityTerm(
    LabelSelector selector,
    SortedSet<String> namespaces,
    String topologyKey,
    LabelSelector namespaceSelector) {

  /** A term without a namespace selector. */
  public PodAffinityTerm(LabelSelector selector, SortedSet<String> namespaces, String topologyKey) {
    this(selector, namespaces, topologyKey, null);
  }

  public PodAffinityTerm {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(topologyKey, "topologyKey");
    namespaces = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(namespaces));
    topologyKey = WellKnownLabels.normalize(topologyKey);
  }

  public static PodAffinityTerm of(LabelSelector selector, String topologyKey) {
    return new PodAffinityTerm(selector, new TreeSet<>(), topologyKey);
  }

  public PodAffinityTerm withNamespaceSelector(LabelSelector newSelector) {
    return new PodAffinityTerm(selector, namespaces, topologyKey, newSelector);
  }

  /** The namespaces this term counts pods in, for a pod in {@code ownNamespace}. */
  public Set<String> namespacesFor(String ownNamespace) {
    return namespaces.isEmpty() ? Set.of(ownNamespace) : namespaces;
  }

  /**
   * The namespaces this term counts pods in, given every known namespace's labels, or null for
   * every namespace (an empty namespace selector). As upstream: the listed namespaces plus those
   * the selector matches; the pod's own namespace when neither is set.
   */
  public Set<String> namespacesFor(
      String ownNamespace, Map<String, ? extends Map<String, String>> namespaceLabels) {
    if (namespaceSelector == null) {
      return namespacesFor(ownNamespace);
    }
    if (namespaceSelector.equals(LabelSelector.EVERYTHING)) {
      return null;
    }
    Set<String> out = new TreeSet<>(namespaces);
    namespaceLabels.forEach(
        (name, labels) -> {
          if (namespaceSelector.matches(labels)) {
            out.add(name);
          }
        });
    return out;
  }
}
