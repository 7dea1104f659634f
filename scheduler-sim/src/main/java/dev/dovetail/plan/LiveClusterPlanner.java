package dev.dovetail.plan;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.ProvisionerValidator;
import dev.dovetail.aws.api.AwsConventions;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.ClusterSnapshot;
import dev.dovetail.controllers.provisioning.PoolReports;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.snapshot.VolumeTopology;
import dev.dovetail.state.ClusterState;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans what Dovetail would do now on a running cluster, read-only: the Provisioners,
 * AWSNodeTemplates, Nodes, Machines, DaemonSets and pods are listed, turned into the same snapshot
 * the provisioning loop builds (existing and in-flight nodes, daemonset overhead, remaining limits,
 * provisionable pods and the pods of nodes being deleted), and solved over the catalog's instance
 * types. Nothing is written.
 */
public final class LiveClusterPlanner {
  private final ManifestPlanner planner;
  private final List<InstanceType> instanceTypes;
  private final Clock clock;

  public LiveClusterPlanner(
      ManifestPlanner planner, List<InstanceType> instanceTypes, Clock clock) {
    this.planner = planner;
    this.instanceTypes = List.copyOf(instanceTypes);
    this.clock = clock;
  }

  public PlanReport plan(KubernetesClient client, String source) {
    List<String> warnings = new ArrayList<>();
    List<Provisioner> provisioners = client.resources(Provisioner.class).list().getItems();
    Set<String> templates = new HashSet<>();
    for (AWSNodeTemplate t : client.resources(AWSNodeTemplate.class).list().getItems()) {
      templates.add(t.getMetadata().getName());
    }
    for (Provisioner p : provisioners) {
      var ref = p.getSpec() == null ? null : p.getSpec().providerRef();
      if (ref != null && !templates.contains(ref.name())) {
        warnings.add(
            "Provisioner "
                + p.getMetadata().getName()
                + " refers to AWSNodeTemplate "
                + ref.name()
                + ", which does not exist in the cluster; planning with the catalog's defaults");
      }
    }
    if (provisioners.isEmpty()) {
      warnings.add("no Provisioner found: every pod is unschedulable");
    }
    ClusterState state = new ClusterState(clock);
    client.nodes().list().getItems().forEach(state::updateNode);
    client.resources(Machine.class).list().getItems().forEach(state::updateMachine);
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    pods.forEach(state::updatePod);
    List<DaemonSet> daemonSets = client.apps().daemonSets().inAnyNamespace().list().getItems();
    ClusterSnapshot snapshot =
        new SnapshotBuilder(pool -> instanceTypes, AwsConventions.DEFAULTS::apply)
            .withProviderLabels(AwsConventions.CONVENTIONS.wellKnownLabels())
            .withValidation(
                new ProvisionerValidator(AwsConventions.CONVENTIONS.labelPolicy())::check,
                PoolReports.NONE)
            .withVolumes(VolumeTopology.lookup(client))
            .build(provisioners, state.nodes(), pods, daemonSets)
            .withNamespaceLabels(ClusterReads.of(client).namespaceLabels());
    return planner.plan(source, snapshot.snapshot(), warnings);
  }
}
