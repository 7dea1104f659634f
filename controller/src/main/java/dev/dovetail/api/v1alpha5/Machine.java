package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A cluster-scoped {@code karpenter.sh/v1alpha5} Machine: the launch record of one node. Its labels
 * and annotations live in metadata.
 */
@Group(Provisioner.GROUP)
@Version(Provisioner.VERSION)
@Kind(Machine.KIND)
@Plural("machines")
// apiVersion and kind are fixed by the annotations above; fabric8 logs on every attempt to set
// them.
@JsonIgnoreProperties(
    value = {"apiVersion", "kind"},
    allowGetters = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Machine extends CustomResource<MachineSpec, MachineStatus> {
  public static final String KIND = "Machine";

  @Override
  protected MachineSpec initSpec() {
    return null;
  }

  @Override
  protected MachineStatus initStatus() {
    return null;
  }
}
