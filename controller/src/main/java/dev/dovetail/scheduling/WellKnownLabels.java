package dev.dovetail.scheduling;

import java.util.Map;
import java.util.Set;

/**
 * The node label keys Karpenter gives a meaning to.
 *
 * <p>A pod may ask for a well-known label that a Provisioner does not define and still match it
 * (the instance type or offering defines it later); a pod that asks for a custom label matches only
 * Provisioners that define the key. Beta aliases are mapped to their stable keys by {@link
 * #normalize}.
 */
public final class WellKnownLabels {
  public static final String PROVISIONER_NAME = "karpenter.sh/provisioner-name";
  public static final String CAPACITY_TYPE = "karpenter.sh/capacity-type";
  public static final String ZONE = "topology.kubernetes.io/zone";
  public static final String REGION = "topology.kubernetes.io/region";
  public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  public static final String ARCH = "kubernetes.io/arch";
  public static final String OS = "kubernetes.io/os";
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String WINDOWS_BUILD = "node.kubernetes.io/windows-build";

  public static final String INSTANCE_CATEGORY = "karpenter.k8s.aws/instance-category";
  public static final String INSTANCE_FAMILY = "karpenter.k8s.aws/instance-family";
  public static final String INSTANCE_GENERATION = "karpenter.k8s.aws/instance-generation";
  public static final String INSTANCE_SIZE = "karpenter.k8s.aws/instance-size";
  public static final String INSTANCE_CPU = "karpenter.k8s.aws/instance-cpu";
  public static final String INSTANCE_MEMORY = "karpenter.k8s.aws/instance-memory";
  public static final String INSTANCE_NETWORK_BANDWIDTH =
      "karpenter.k8s.aws/instance-network-bandwidth";
  public static final String INSTANCE_PODS = "karpenter.k8s.aws/instance-pods";
  public static final String INSTANCE_LOCAL_NVME = "karpenter.k8s.aws/instance-local-nvme";
  public static final String INSTANCE_HYPERVISOR = "karpenter.k8s.aws/instance-hypervisor";
  public static final String INSTANCE_ENCRYPTION_IN_TRANSIT =
      "karpenter.k8s.aws/instance-encryption-in-transit-supported";
  public static final String INSTANCE_GPU_NAME = "karpenter.k8s.aws/instance-gpu-name";
  public static final String INSTANCE_GPU_MANUFACTURER =
      "karpenter.k8s.aws/instance-gpu-manufacturer";
  public static final String INSTANCE_GPU_COUNT = "karpenter.k8s.aws/instance-gpu-count";
  public static final String INSTANCE_GPU_MEMORY = "karpenter.k8s.aws/instance-gpu-memory";
  public static final String INSTANCE_ACCELERATOR_NAME =
      "karpenter.k8s.aws/instance-accelerator-name";
  public static final String INSTANCE_ACCELERATOR_MANUFACTURER =
      "karpenter.k8s.aws/instance-accelerator-manufacturer";
  public static final String INSTANCE_ACCELERATOR_COUNT =
      "karpenter.k8s.aws/instance-accelerator-count";

  /** Lifecycle labels set on nodes, not usable in requirements. */
  public static final String REGISTERED = "karpenter.sh/registered";

  public static final String INITIALIZED = "karpenter.sh/initialized";

  /** Keys that may be asked for without a Provisioner defining them. */
  public static final Set<String> WELL_KNOWN =
      Set.of(
          PROVISIONER_NAME,
          CAPACITY_TYPE,
          ZONE,
          REGION,
          INSTANCE_TYPE,
          ARCH,
          OS,
          WINDOWS_BUILD,
          INSTANCE_CATEGORY,
          INSTANCE_FAMILY,
          INSTANCE_GENERATION,
          INSTANCE_SIZE,
          INSTANCE_CPU,
          INSTANCE_MEMORY,
          INSTANCE_NETWORK_BANDWIDTH,
          INSTANCE_PODS,
          INSTANCE_LOCAL_NVME,
          INSTANCE_HYPERVISOR,
          INSTANCE_ENCRYPTION_IN_TRANSIT,
          INSTANCE_GPU_NAME,
          INSTANCE_GPU_MANUFACTURER,
          INSTANCE_GPU_COUNT,
          INSTANCE_GPU_MEMORY,
          INSTANCE_ACCELERATOR_NAME,
          INSTANCE_ACCELERATOR_MANUFACTURER,
          INSTANCE_ACCELERATOR_COUNT);

  /** Beta and legacy keys and the stable key each one means. */
  public static final Map<String, String> ALIASES =
      Map.of(
          "failure-domain.beta.kubernetes.io/zone", ZONE,
          "failure-domain.beta.kubernetes.io/region", REGION,
          "beta.kubernetes.io/arch", ARCH,
          "beta.kubernetes.io/os", OS,
          "beta.kubernetes.io/instance-type", INSTANCE_TYPE);

  /** Label domains reserved for Kubernetes and Karpenter. */
  public static final Set<String> RESTRICTED_DOMAINS =
      Set.of("kubernetes.io", "k8s.io", "karpenter.sh", "karpenter.k8s.aws");

  /** Subdomains of restricted domains that users may still label with. */
  public static final Set<String> ALLOWED_SUBDOMAINS =
      Set.of("kops.k8s.io", "node.kubernetes.io", "node-restriction.kubernetes.io");

  private WellKnownLabels() {}

  /** The stable key for a beta alias, or the key itself. */
  public static String normalize(String key) {
    return ALIASES.getOrDefault(key, key);
  }

  /** True for a key whose undefined value still matches (see the class comment). */
  public static boolean isWellKnown(String key) {
    return WELL_KNOWN.contains(key);
  }

  /**
   * True when the key lies in a restricted domain and is not an allowed exception, so that only
   * well-known keys of that domain may appear in Provisioner labels and requirements.
   */
  public static boolean isRestricted(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String domain = key.substring(0, slash);
    for (String allowed : ALLOWED_SUBDOMAINS) {
      if (domain.equals(allowed) || domain.endsWith("." + allowed)) {
        return false;
      }
    }
    for (String restricted : RESTRICTED_DOMAINS) {
      if (domain.equals(restricted) || domain.endsWith("." + restricted)) {
        return true;
      }
    }
    return false;
  }
}
