package dev.dovetail.scheduling;

/** What a taint does to pods that do not tolerate it. */
public enum TaintEffect {
  /** New pods are not scheduled on the node. */
  NO_SCHEDULE("NoSchedule"),
  /** The scheduler avoids the node when it can; Karpenter treats it as a soft constraint. */
  PREFER_NO_SCHEDULE("PreferNoSchedule"),
  /** New pods are not scheduled and running pods are evicted. */
  NO_EXECUTE("NoExecute");

  private final String kubernetesName;

  TaintEffect(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  public String kubernetesName() {
    return kubernetesName;
  }

  /** The effect for a manifest name; null or empty means "any effect" for tolerations. */
  public static TaintEffect fromKubernetes(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    for (TaintEffect e : values()) {
      if (e.kubernetesName.equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown taint effect \"" + name + "\"; use NoSchedule, PreferNoSchedule or NoExecute");
  }

  @Override
  public String toString() {
    return kubernetesName;
  }
}
