package dev.dovetail.scheduling;

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
 */
public record PodAffinityTerm(
    LabelSelector selector, SortedSet<String> namespaces, String topologyKey) {
  public PodAffinityTerm {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(topologyKey, "topologyKey");
    namespaces = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(namespaces));
    topologyKey = WellKnownLabels.normalize(topologyKey);
  }

  public static PodAffinityTerm of(LabelSelector selector, String topologyKey) {
    return new PodAffinityTerm(selector, new TreeSet<>(), topologyKey);
  }

  /** The namespaces this term counts pods in, for a pod in {@code ownNamespace}. */
  public Set<String> namespacesFor(String ownNamespace) {
    return namespaces.isEmpty() ? Set.of(ownNamespace) : namespaces;
  }
}
