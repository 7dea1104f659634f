package dev.dovetail.scheduling.solver;

import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Resources;
import dev.dovetail.scheduling.Snapshot;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The resource dimensions of one solve: cpu, memory, pods, ephemeral-storage, then every extended
 * resource seen in the snapshot, sorted. Turning {@link Resources} into {@code long[]} over these
 * dimensions makes the fit test a short loop without map lookups.
 */
final class Dimensions {
  static final int CPU = 0;
  static final int MEMORY = 1;
  static final int PODS = 2;
  static final int EPHEMERAL = 3;

  private final String[] names;

  Dimensions(Collection<String> extendedNames) {
    TreeSet<String> sorted = new TreeSet<>(extendedNames);
    names = new String[4 + sorted.size()];
    names[CPU] = Resources.CPU;
    names[MEMORY] = Resources.MEMORY;
    names[PODS] = Resources.PODS;
    names[EPHEMERAL] = Resources.EPHEMERAL_STORAGE;
    int i = 4;
    for (String name : sorted) {
      names[i++] = name;
    }
  }

  static Dimensions of(Snapshot snapshot) {
    TreeSet<String> ext = new TreeSet<>();
    for (Pod p : snapshot.pods()) {
      ext.addAll(p.requests().extended().keySet());
    }
    return new Dimensions(ext);
  }

  /** Dimensions over the same resource names are interchangeable. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Dimensions other && java.util.Arrays.equals(names, other.names);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(names);
  }

  int size() {
    return names.length;
  }

  String name(int i) {
    return names[i];
  }

  long[] of(Resources r) {
    long[] v = new long[names.length];
    v[CPU] = r.cpuMillis();
    v[MEMORY] = r.memoryBytes();
    v[PODS] = r.pods();
    v[EPHEMERAL] = r.ephemeralStorageBytes();
    for (int i = 4; i < names.length; i++) {
      v[i] = r.extended().getOrDefault(names[i], 0L);
    }
    return v;
  }

  Resources toResources(long[] v) {
    java.util.TreeMap<String, Long> ext = new java.util.TreeMap<>();
    for (int i = 4; i < names.length; i++) {
      ext.put(names[i], v[i]);
    }
    return new Resources(v[CPU], v[MEMORY], v[PODS], v[EPHEMERAL], ext);
  }

  static boolean fits(long[] used, long[] extra, long[] capacity) {
    for (int i = 0; i < capacity.length; i++) {
      if (used[i] + extra[i] > capacity[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean fits(long[] need, long[] capacity) {
    for (int i = 0; i < capacity.length; i++) {
      if (need[i] > capacity[i]) {
        return false;
      }
    }
    return true;
  }

  static long[] plus(long[] a, long[] b) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] + b[i];
    }
    return out;
  }

  List<String> exceeding(long[] need, long[] capacity) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < capacity.length; i++) {
      if (need[i] > capacity[i]) {
        out.add(names[i]);
      }
    }
    return out;
  }
}
