package dev.dovetail.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped {@code karpenter.k8s.aws/v1alpha1} AWSNodeTemplate. */
@Group(AWSNodeTemplate.GROUP)
@Version(AWSNodeTemplate.VERSION)
@Kind(AWSNodeTemplate.KIND)
@Plural("awsnodetemplates")
// apiVersion and kind are fixed by the annotations above; fabric8 logs on every attempt to set
// them.
@JsonIgnoreProperties(
    value = {"apiVersion", "kind"},
    allowGetters = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AWSNodeTemplate
    extends CustomResource<AWSNodeTemplateSpec, AWSNodeTemplateStatus> {
  public static final String GROUP = "karpenter.k8s.aws";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "AWSNodeTemplate";

  public AWSNodeTemplate() {}

  public AWSNodeTemplate(String name, AWSNodeTemplateSpec spec) {
    setMetadata(new ObjectMeta());
    getMetadata().setName(name);
    setSpec(spec);
  }

  @Override
  protected AWSNodeTemplateSpec initSpec() {
    return null;
  }

  @Override
  protected AWSNodeTemplateStatus initStatus() {
    return null;
  }
}
