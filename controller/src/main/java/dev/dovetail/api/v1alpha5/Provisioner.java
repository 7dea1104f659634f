package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped {@code karpenter.sh/v1alpha5} Provisioner. */
@Group(Provisioner.GROUP)
@Version(Provisioner.VERSION)
@Kind(Provisioner.KIND)
@Plural("provisioners")
// apiVersion and kind are fixed by the annotations above; fabric8 logs on every attempt to set
// them.
@JsonIgnoreProperties(
    value = {"apiVersion", "kind"},
    allowGetters = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Provisioner extends CustomResource<ProvisionerSpec, ProvisionerStatus> {
  public static final String GROUP = "karpenter.sh";
  public static final String VERSION = "v1alpha5";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "Provisioner";

  public Provisioner() {}

  /** A Provisioner with the given name and spec, for tests and programmatic use. */
  public Provisioner(String name, ProvisionerSpec spec) {
    setMetadata(new ObjectMeta());
    getMetadata().setName(name);
    setSpec(spec);
  }

  @Override
  protected ProvisionerSpec initSpec() {
    return null;
  }

  @Override
  protected ProvisionerStatus initStatus() {
    return null;
  }
}
