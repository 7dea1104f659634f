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

  /** Lifecycle labels set on nodes, not usable in requirements. */
  public static final String REGISTERED = "karpenter.sh/registered";

  public static final String INITIALIZED = "karpenter.sh/initialized";

  /**
   * Cloud-neutral keys that may be asked for without a Provisioner defining them. The provider's
   * label keys and the keys a pool's instance types define are well-known too, per pool: see {@link
   * NodePool#wellKnownLabels()}.
   */
  public static final Set<String> WELL_KNOWN =
      Set.of(PROVISIONER_NAME, CAPACITY_TYPE, ZONE, REGION, INSTANCE_TYPE, ARCH, OS, WINDOWS_BUILD);

  /** Beta and legacy keys and the stable key each one means. */
  public static final Map<String, String> ALIASES =
      Map.of(
          "failure-domain.beta.kubernetes.io/zone", ZONE,
          "failure-domain.beta.kubernetes.io/region", REGION,
          "beta.kubernetes.io/arch", ARCH,
          "beta.kubernetes.io/os", OS,
          "beta.kubernetes.io/instance-type", INSTANCE_TYPE);

  /** Label domains reserved for Kubernetes and Karpenter; a provider adds its own domain. */
  public static final Set<String> RESTRICTED_DOMAINS =
      Set.of("kubernetes.io", "k8s.io", "karpenter.sh");

  /** Subdomains of restricted domains that users may still label with. */
  public static final Set<String> ALLOWED_SUBDOMAINS =
      Set.of("kops.k8s.io", "node.kubernetes.io", "node-restriction.kubernetes.io");

  private WellKnownLabels() {}

  /** The stable key for a beta alias, or the key itself. */
  public static String normalize(String key) {
    return ALIASES.getOrDefault(key, key);
  }

  /**
   * True for a cloud-neutral key whose undefined value still matches (see the class comment); the
   * engine also accepts the keys a pool's instance types define.
   */
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
