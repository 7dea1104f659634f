package dev.dovetail.aws.api;

import dev.dovetail.api.crd.KarpenterCrds;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AwsCrds;
import dev.dovetail.aws.api.validation.AWSNodeTemplateValidator;
import dev.dovetail.aws.api.validation.InlineProviderValidator;
import dev.dovetail.manifest.KindDescriptor;
import dev.dovetail.manifest.KindProvider;
import dev.dovetail.manifest.KindRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers AWSNodeTemplate, and re-registers Provisioner so that the {@code karpenter.k8s.aws/*}
 * labels count as well-known, upstream's AWS defaults apply and an inline {@code spec.provider}
 * block is checked with the AWSNodeTemplate rules. Found through {@link java.util.ServiceLoader}.
 */
public final class AwsKinds implements KindProvider {
  @Override
  public void registerKinds(KindRegistry registry) {
    ProvisionerValidator provisioners =
        new ProvisionerValidator(AwsConventions.CONVENTIONS.labelPolicy());
    registry.register(
        KindDescriptor.owned(
            KarpenterCrds.PROVISIONER,
            Provisioner.class,
            provisioner -> {
              List<Problem> problems = new ArrayList<>(provisioners.check(provisioner));
              problems.addAll(InlineProviderValidator.validate(provisioner));
              return problems;
            },
            AwsConventions.DEFAULTS::apply));
    registry.register(
        KindDescriptor.owned(
            AwsCrds.AWS_NODE_TEMPLATE,
            AWSNodeTemplate.class,
            AWSNodeTemplateValidator::validate,
            template -> template));
  }
}
