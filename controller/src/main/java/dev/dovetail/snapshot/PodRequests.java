package dev.dovetail.snapshot;

import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a pod asks of a node, as kube-scheduler counts it: per resource, the larger of what keeps
 * running (the containers plus native sidecars, init containers with {@code restartPolicy: Always})
 * and the largest init container (plus the sidecars started before it), plus the pod overhead.
 * Limits stand in for missing requests, as the API server defaults them. The one calculation used
 * for pending pods, pods already on nodes, {@code dovetail plan} and the simulators.
 */
public final class PodRequests {
  private PodRequests() {}

  /** The pod's effective requests, without the pod slot. */
  public static Resources of(PodSpec spec) {
    List<Resources> containers = new ArrayList<>();
    for (Container c : spec.getContainers()) {
      containers.add(containerRequests(c));
    }
    // Native sidecars keep running: they add to the regular containers and to every init
    // container that starts after them.
    List<Resources> init = new ArrayList<>();
    Resources sidecars = Resources.NONE;
    if (spec.getInitContainers() != null) {
      for (Container c : spec.getInitContainers()) {
        if ("Always".equals(c.getRestartPolicy())) {
          sidecars = sidecars.plus(containerRequests(c));
        } else {
          init.add(containerRequests(c).plus(sidecars));
        }
      }
    }
    containers.add(sidecars);
    Resources total = Pod.effectiveRequests(containers, init);
    if (spec.getOverhead() != null) {
      total = total.plus(resources(spec.getOverhead()));
    }
    return total;
  }

  /** The pod's effective requests plus the one {@code pods} slot it takes on its node. */
  public static Resources withPodSlot(PodSpec spec) {
    return of(spec).plus(Resources.NONE.with(Resources.PODS, 1));
  }

  /** Kubernetes quantities in engine units. */
  public static Resources resources(Map<String, Quantity> quantities) {
    return Resources.parse(strings(quantities));
  }

  /** Requests, or limits where a request is missing. */
  private static Resources containerRequests(Container c) {
    Map<String, String> values = new TreeMap<>();
    if (c.getResources() != null) {
      if (c.getResources().getLimits() != null) {
        values.putAll(strings(c.getResources().getLimits()));
      }
      if (c.getResources().getRequests() != null) {
        values.putAll(strings(c.getResources().getRequests()));
      }
    }
    try {
      return Resources.parse(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("container " + c.getName() + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> strings(Map<String, Quantity> quantities) {
    Map<String, String> out = new TreeMap<>();
    quantities.forEach(
        (k, q) -> out.put(k, q.getAmount() + (q.getFormat() == null ? "" : q.getFormat())));
    return out;
  }
}
