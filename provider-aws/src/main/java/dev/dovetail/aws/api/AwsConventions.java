package dev.dovetail.aws.api;

import static dev.dovetail.api.validation.ProvisionerDefaulter.requirement;

import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AwsLabels;
import dev.dovetail.cloudprovider.ProviderConventions;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the AWS provider adds to the core's reading of the API: the {@code karpenter.k8s.aws/*}
 * labels, upstream's AWS Provisioner defaults and the AWSNodeTemplate kind the core watches.
 */
public final class AwsConventions {
  /** The AWSNodeTemplate kind, read by the core's node class informer as a generic resource. */
  public static final ResourceDefinitionContext NODE_TEMPLATES =
      new ResourceDefinitionContext.Builder()
          .withGroup(AWSNodeTemplate.GROUP)
          .withVersion(AWSNodeTemplate.VERSION)
          .withKind(AWSNodeTemplate.KIND)
          .withPlural("awsnodetemplates")
          .withNamespaced(false)
          .build();

  /**
   * Upstream's AWS defaulting: {@code instance-category In [c,m,r]} and {@code instance-generation
   * Gt 2} unless the instance type, family, category or generation is constrained, on top of the
   * core defaults.
   */
  public static final ProvisionerDefaulter DEFAULTS =
      new ProvisionerDefaulter(
          Set.of(
              WellKnownLabels.INSTANCE_TYPE,
              AwsLabels.INSTANCE_FAMILY,
              AwsLabels.INSTANCE_CATEGORY,
              AwsLabels.INSTANCE_GENERATION),
          List.of(
              requirement(AwsLabels.INSTANCE_CATEGORY, "In", "c", "m", "r"),
              requirement(AwsLabels.INSTANCE_GENERATION, "Gt", "2")));

  /** The AWS provider's conventions, handed to the core's composition. */
  public static final ProviderConventions CONVENTIONS =
      new ProviderConventions(
          AwsLabels.ALL, Set.of(AwsLabels.DOMAIN), DEFAULTS::apply, Optional.of(NODE_TEMPLATES));

  private AwsConventions() {}
}
