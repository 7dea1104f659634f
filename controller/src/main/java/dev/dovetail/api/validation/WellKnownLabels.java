package dev.dovetail.api.validation;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Label keys and domains with special meaning (karpenter-behaviour §1.3). The core set is cloud
 * neutral; a provider adds its own keys (e.g. {@code karpenter.k8s.aws/instance-family}) by
 * building a wider set with {@link #with(Set)}.
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

  /** The keys every Dovetail build knows. */
  public static final Set<String> CORE =
      Set.of(PROVISIONER_NAME, CAPACITY_TYPE, ZONE, REGION, INSTANCE_TYPE, ARCH, OS);

  /** Deprecated beta keys and the stable key each stands for. */
  public static final Map<String, String> BETA_ALIASES =
      Map.of(
          "failure-domain.beta.kubernetes.io/zone", ZONE,
          "failure-domain.beta.kubernetes.io/region", REGION,
          "beta.kubernetes.io/arch", ARCH,
          "beta.kubernetes.io/os", OS,
          "beta.kubernetes.io/instance-type", INSTANCE_TYPE);

  /** Domains users may not invent labels in. */
  public static final Set<String> RESTRICTED_DOMAINS =
      Set.of("kubernetes.io", "k8s.io", "karpenter.sh", "karpenter.k8s.aws");

  /** Sub-domains of restricted domains that stay open to users. */
  public static final Set<String> DOMAIN_EXCEPTIONS =
      Set.of("kops.k8s.io", "node.kubernetes.io", "node-restriction.kubernetes.io");

  /** Keys that are restricted whatever their domain. */
  public static final Set<String> RESTRICTED_KEYS =
      Set.of(HOSTNAME, "karpenter.sh/emptiness-timestamp");

  private final Set<String> keys;

  private WellKnownLabels(Set<String> keys) {
    this.keys = Set.copyOf(keys);
  }

  public static WellKnownLabels core() {
    return new WellKnownLabels(CORE);
  }

  /** This set plus {@code more}. */
  public WellKnownLabels with(Set<String> more) {
    Set<String> all = new HashSet<>(keys);
    all.addAll(more);
    return new WellKnownLabels(all);
  }

  public boolean contains(String key) {
    return keys.contains(key);
  }

  public Set<String> keys() {
    return keys;
  }

  /** The stable key for a beta alias, or the key itself. */
  public static String normalize(String key) {
    return BETA_ALIASES.getOrDefault(key, key);
  }

  /**
   * Why a user may not use {@code key} in labels or requirements, or null when it is allowed.
   * Well-known keys are allowed; other keys in a restricted domain are not.
   */
  public String restriction(String key) {
    if (keys.contains(key)) {
      return null;
    }
    if (RESTRICTED_KEYS.contains(key)) {
      return "label " + key + " is restricted";
    }
    int slash = key.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String domain = key.substring(0, slash);
    for (String exception : DOMAIN_EXCEPTIONS) {
      if (inDomain(domain, exception)) {
        return null;
      }
    }
    for (String restricted : RESTRICTED_DOMAINS) {
      if (inDomain(domain, restricted)) {
        return "label domain \""
            + restricted
            + "\" is restricted; use a well-known label or a custom label outside the domains "
            + String.join(", ", RESTRICTED_DOMAINS.stream().sorted().toList());
      }
    }
    return null;
  }

  private static boolean inDomain(String domain, String suffix) {
    return domain.equals(suffix) || domain.endsWith("." + suffix);
  }
}
