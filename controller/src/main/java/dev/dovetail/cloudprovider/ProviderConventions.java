package dev.dovetail.cloudprovider;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.LabelPolicy;
import dev.dovetail.api.validation.ProvisionerDefaulter;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a cloud provider adds to the core's reading of the API, next to the {@link CloudProvider}
 * that launches machines: the label keys it gives a meaning to (instance attributes) and the label
 * domain it reserves, its Provisioner defaulting, and the kind of the node class its Provisioners
 * reference, which the core watches with one informer. The core itself names no provider's labels
 * or kinds.
 *
 * @param wellKnownLabels label keys of the provider that requirements and pod selectors may name
 * @param restrictedDomains label domains of the provider in which users may name only its
 *     well-known keys
 * @param defaults the provider's Provisioner defaulting; includes the core defaults
 * @param nodeClass the node class kind, read as a generic resource; empty when there is none
 */
public record ProviderConventions(
    Set<String> wellKnownLabels,
    Set<String> restrictedDomains,
    UnaryOperator<Provisioner> defaults,
    Optional<ResourceDefinitionContext> nodeClass) {

  /** No provider: the core's well-known labels and defaults only, no node class. */
  public static final ProviderConventions CORE =
      new ProviderConventions(
          Set.of(), Set.of(), ProvisionerDefaulter.CORE::apply, Optional.empty());

  public ProviderConventions {
    wellKnownLabels = Set.copyOf(wellKnownLabels);
    restrictedDomains = Set.copyOf(restrictedDomains);
  }

  /**
   * The labels a Provisioner may use: the core's well-known labels plus the provider's, with the
   * provider's domains restricted next to the core's.
   */
  public LabelPolicy labelPolicy() {
    return LabelPolicy.core().with(wellKnownLabels, restrictedDomains);
  }
}
