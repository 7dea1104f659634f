package dev.dovetail.api.validation;

import dev.dovetail.scheduling.WellKnownLabels;
import java.util.HashSet;
import java.util.Set;

/**
 * Which label keys users may write in Provisioner labels and requirements: well-known keys are
 * allowed, other keys in a restricted domain are not. The core set is cloud neutral; a provider
 * widens it with its own keys and reserves its own label domain through {@link #with(Set, Set)}.
 * The core keys and domains themselves are named once, in the engine's {@link WellKnownLabels}.
 */
public final class LabelPolicy {
  /** The keys every Dovetail build knows. */
  static final Set<String> CORE =
      Set.of(
          WellKnownLabels.PROVISIONER_NAME,
          WellKnownLabels.CAPACITY_TYPE,
          WellKnownLabels.ZONE,
          WellKnownLabels.REGION,
          WellKnownLabels.INSTANCE_TYPE,
          WellKnownLabels.ARCH,
          WellKnownLabels.OS);

  /** Keys that are restricted whatever their domain. */
  static final Set<String> RESTRICTED_KEYS =
      Set.of(WellKnownLabels.HOSTNAME, "karpenter.sh/emptiness-timestamp");

  private final Set<String> keys;
  private final Set<String> restrictedDomains;

  private LabelPolicy(Set<String> keys, Set<String> restrictedDomains) {
    this.keys = Set.copyOf(keys);
    this.restrictedDomains = Set.copyOf(restrictedDomains);
  }

  public static LabelPolicy core() {
    return new LabelPolicy(CORE, WellKnownLabels.RESTRICTED_DOMAINS);
  }

  /** This policy with {@code more} well-known keys. */
  public LabelPolicy with(Set<String> more) {
    return with(more, Set.of());
  }

  /** This policy with {@code more} well-known keys and {@code moreDomains} restricted domains. */
  public LabelPolicy with(Set<String> more, Set<String> moreDomains) {
    Set<String> all = new HashSet<>(keys);
    all.addAll(more);
    Set<String> domains = new HashSet<>(restrictedDomains);
    domains.addAll(moreDomains);
    return new LabelPolicy(all, domains);
  }

  public boolean contains(String key) {
    return keys.contains(key);
  }

  public Set<String> keys() {
    return keys;
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
    for (String exception : WellKnownLabels.ALLOWED_SUBDOMAINS) {
      if (inDomain(domain, exception)) {
        return null;
      }
    }
    for (String restricted : restrictedDomains.stream().sorted().toList()) {
      if (inDomain(domain, restricted)) {
        return "label domain \""
            + restricted
            + "\" is restricted; use a well-known label or a custom label outside the domains "
            + String.join(", ", restrictedDomains.stream().sorted().toList());
      }
    }
    return null;
  }

  private static boolean inDomain(String domain, String suffix) {
    return domain.equals(suffix) || domain.endsWith("." + suffix);
  }
}
