package dev.dovetail.scheduling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An exact, immutable list of resource amounts: what a pod requests, what a node has or what is
 * left on it.
 *
 * <p>The four standard resources are plain longs so that the hot path of the solver (does this pod
 * fit?) is a handful of comparisons: CPU in millicores, memory and ephemeral storage in bytes, pods
 * as a count. Extended resources ({@code nvidia.com/gpu}, {@code vpc.amazonaws.com/pod-eni}, …) are
 * whole units in a sorted map that is empty for most pods. A resource that is absent is zero.
 * Amounts may be negative only as the result of {@link #minus}, to express an overcommitted node.
 *
 * @param cpuMillis CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 * @param pods number of pods
 * @param ephemeralStorageBytes ephemeral storage in bytes
 * @param extended other resources by name, in whole units, without zero entries
 */
public record Resources(
    long cpuMillis,
    long memoryBytes,
    long pods,
    long ephemeralStorageBytes,
    SortedMap<String, Long> extended) {

  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String PODS = "pods";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String NVIDIA_GPU = "nvidia.com/gpu";

  /** No resources at all. */
  public static final Resources NONE = new Resources(0, 0, 0, 0, Collections.emptySortedMap());

  public Resources {
    Objects.requireNonNull(extended, "extended");
    if (!extended.isEmpty()) {
      TreeMap<String, Long> copy = new TreeMap<>();
      extended.forEach(
          (k, v) -> {
            if (v != 0) {
              copy.put(k, v);
            }
          });
      extended =
          copy.isEmpty() ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(copy);
    } else {
      extended = Collections.emptySortedMap();
    }
  }

  /** CPU, memory and pods only. */
  public static Resources of(long cpuMillis, long memoryBytes, long pods) {
    return new Resources(cpuMillis, memoryBytes, pods, 0, Collections.emptySortedMap());
  }

  /** CPU and memory only (what most pods request). */
  public static Resources ofCpuMemory(long cpuMillis, long memoryBytes) {
    return of(cpuMillis, memoryBytes, 0);
  }

  /**
   * Parses a Kubernetes resource list such as {@code {cpu: 500m, memory: 1Gi}}.
   *
   * @throws IllegalArgumentException naming the resource and the rule when a value is not a
   *     quantity
   */
  public static Resources parse(Map<String, String> list) {
    Map<String, Quantity> quantities = new LinkedHashMap<>();
    list.forEach(
        (name, text) -> {
          try {
            quantities.put(name, Quantity.parse(text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resource " + name + ": " + e.getMessage(), e);
          }
        });
    return of(quantities);
  }

  /** Builds resources from parsed quantities; CPU is kept in millicores, the rest in units. */
  public static Resources of(Map<String, Quantity> list) {
    long cpu = 0;
    long memory = 0;
    long pods = 0;
    long storage = 0;
    TreeMap<String, Long> extended = new TreeMap<>();
    for (Map.Entry<String, Quantity> e : list.entrySet()) {
      switch (e.getKey()) {
        case CPU -> cpu = e.getValue().milliValue();
        case MEMORY -> memory = e.getValue().value();
        case PODS -> pods = e.getValue().value();
        case EPHEMERAL_STORAGE -> storage = e.getValue().value();
        default -> extended.put(e.getKey(), e.getValue().value());
      }
    }
    return new Resources(cpu, memory, pods, storage, extended);
  }

  /** The amount of one resource by its Kubernetes name, in the units described above. */
  public long get(String name) {
    return switch (name) {
      case CPU -> cpuMillis;
      case MEMORY -> memoryBytes;
      case PODS -> pods;
      case EPHEMERAL_STORAGE -> ephemeralStorageBytes;
      default -> extended.getOrDefault(name, 0L);
    };
  }

  /** A copy with one resource set. */
  public Resources with(String name, long amount) {
    return switch (name) {
      case CPU -> new Resources(amount, memoryBytes, pods, ephemeralStorageBytes, extended);
      case MEMORY -> new Resources(cpuMillis, amount, pods, ephemeralStorageBytes, extended);
      case PODS -> new Resources(cpuMillis, memoryBytes, amount, ephemeralStorageBytes, extended);
      case EPHEMERAL_STORAGE -> new Resources(cpuMillis, memoryBytes, pods, amount, extended);
      default -> {
        TreeMap<String, Long> copy = new TreeMap<>(extended);
        copy.put(name, amount);
        yield new Resources(cpuMillis, memoryBytes, pods, ephemeralStorageBytes, copy);
      }
    };
  }

  public Resources plus(Resources o) {
    return new Resources(
        cpuMillis + o.cpuMillis,
        memoryBytes + o.memoryBytes,
        pods + o.pods,
        ephemeralStorageBytes + o.ephemeralStorageBytes,
        combine(extended, o.extended, 1));
  }

  public Resources minus(Resources o) {
    return new Resources(
        cpuMillis - o.cpuMillis,
        memoryBytes - o.memoryBytes,
        pods - o.pods,
        ephemeralStorageBytes - o.ephemeralStorageBytes,
        combine(extended, o.extended, -1));
  }

  /** The larger amount of each resource (how init containers combine with regular ones). */
  public Resources max(Resources o) {
    TreeMap<String, Long> merged = new TreeMap<>(extended);
    o.extended.forEach((k, v) -> merged.merge(k, v, Math::max));
    return new Resources(
        Math.max(cpuMillis, o.cpuMillis),
        Math.max(memoryBytes, o.memoryBytes),
        Math.max(pods, o.pods),
        Math.max(ephemeralStorageBytes, o.ephemeralStorageBytes),
        merged);
  }

  /** True when every amount here is at most the same amount in {@code capacity}. */
  public boolean fitsIn(Resources capacity) {
    if (cpuMillis > capacity.cpuMillis
        || memoryBytes > capacity.memoryBytes
        || pods > capacity.pods
        || ephemeralStorageBytes > capacity.ephemeralStorageBytes) {
      return false;
    }
    if (extended.isEmpty()) {
      return true;
    }
    for (Map.Entry<String, Long> e : extended.entrySet()) {
      if (e.getValue() > capacity.extended.getOrDefault(e.getKey(), 0L)) {
        return false;
      }
    }
    return true;
  }

  /** The names of the resources in which this exceeds {@code capacity}, in a stable order. */
  public java.util.List<String> exceeding(Resources capacity) {
    java.util.List<String> names = new java.util.ArrayList<>();
    for (String name : names()) {
      if (get(name) > capacity.get(name)) {
        names.add(name);
      }
    }
    for (String name : capacity.extended.keySet()) {
      if (get(name) > capacity.get(name) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** Every resource that is non-zero here, standard ones first, then extended ones by name. */
  public java.util.List<String> names() {
    java.util.List<String> names = new java.util.ArrayList<>();
    if (cpuMillis != 0) {
      names.add(CPU);
    }
    if (memoryBytes != 0) {
      names.add(MEMORY);
    }
    if (pods != 0) {
      names.add(PODS);
    }
    if (ephemeralStorageBytes != 0) {
      names.add(EPHEMERAL_STORAGE);
    }
    names.addAll(extended.keySet());
    return names;
  }

  public boolean isZero() {
    return cpuMillis == 0
        && memoryBytes == 0
        && pods == 0
        && ephemeralStorageBytes == 0
        && extended.isEmpty();
  }

  /** As a Kubernetes resource list: {@code cpu: 1500m, memory: 2Gi, …}. */
  public SortedMap<String, String> toQuantityStrings() {
    TreeMap<String, String> out = new TreeMap<>();
    for (String name : names()) {
      out.put(name, format(name, get(name)));
    }
    return out;
  }

  /** One amount in Kubernetes notation: millicores for CPU, binary suffixes for bytes. */
  public static String format(String name, long amount) {
    if (CPU.equals(name)) {
      return amount % 1000 == 0 ? Long.toString(amount / 1000) : amount + "m";
    }
    if (MEMORY.equals(name) || EPHEMERAL_STORAGE.equals(name)) {
      String[] suffixes = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
      long value = amount;
      int i = 0;
      while (i < suffixes.length - 1 && value != 0 && value % 1024 == 0) {
        value /= 1024;
        i++;
      }
      return value + suffixes[i];
    }
    return Long.toString(amount);
  }

  @Override
  public String toString() {
    return toQuantityStrings().toString();
  }

  private static SortedMap<String, Long> combine(
      SortedMap<String, Long> a, SortedMap<String, Long> b, int sign) {
    if (b.isEmpty()) {
      return a;
    }
    TreeMap<String, Long> out = new TreeMap<>(a);
    b.forEach((k, v) -> out.merge(k, sign * v, Long::sum));
    return out;
  }
}
