package dev.dovetail.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A pool of nodes Dovetail may launch: what every node gets (labels, taints, kubelet), what the
 * nodes must satisfy (requirements), how much the pool may own (limits) and when its nodes go.
 *
 * @param name the pool's name (the Provisioner's name)
 * @param weight priority among pools; higher first, 0 when unset
 * @param limits resource name to the cap on total capacity, in base units (cores, bytes, counts); a
 *     resource not listed is unbounded
 * @param nodeClassRef the node class, or null when the pool uses a deprecated inline provider
 * @param inlineProvider the deprecated inline provider block as plain maps and lists, or null
 */
public record NodePool(
    String name,
    int weight,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<Taint> taints,
    List<Taint> startupTaints,
    List<Requirement> requirements,
    KubeletSettings kubelet,
    Map<String, BigDecimal> limits,
    Disruption disruption,
    NodeClassRef nodeClassRef,
    Map<String, Object> inlineProvider) {

  public NodePool {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    taints = taints == null ? List.of() : List.copyOf(taints);
    startupTaints = startupTaints == null ? List.of() : List.copyOf(startupTaints);
    requirements = requirements == null ? List.of() : List.copyOf(requirements);
    limits = limits == null ? Map.of() : Map.copyOf(limits);
  }
}
