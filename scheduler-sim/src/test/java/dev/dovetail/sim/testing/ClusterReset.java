package dev.dovetail.sim.testing;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/**
 * Empties a shared real cluster between tests: every object of the kinds the end-to-end tests
 * create is removed, finalizers first (no controller would ever remove ours) and pods with no grace
 * period (no kubelet would ever finish a graceful deletion). Namespaces stay: without a
 * controller-manager a deleted namespace stays Terminating for ever.
 */
final class ClusterReset {
  private static final List<Class<? extends HasMetadata>> CLUSTER_SCOPED =
      List.of(
          Machine.class,
          Provisioner.class,
          AWSNodeTemplate.class,
          Node.class,
          PersistentVolume.class,
          StorageClass.class);
  private static final List<Class<? extends HasMetadata>> NAMESPACED =
      List.of(
          Deployment.class,
          ReplicaSet.class,
          DaemonSet.class,
          PodDisruptionBudget.class,
          PersistentVolumeClaim.class,
          io.fabric8.kubernetes.api.model.Event.class);

  private ClusterReset() {}

  static void clean(KubernetesClient client) {
    for (Class<? extends HasMetadata> type : CLUSTER_SCOPED) {
      for (HasMetadata object : client.resources(type).list().getItems()) {
        remove(client, object);
      }
    }
    for (Class<? extends HasMetadata> type : NAMESPACED) {
      for (HasMetadata object : client.resources(type).inAnyNamespace().list().getItems()) {
        remove(client, object);
      }
    }
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      dropFinalizers(client, pod);
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    }
    for (Lease lease : client.resources(Lease.class).inAnyNamespace().list().getItems()) {
      // The API server's own identity leases stay.
      if (!lease.getMetadata().getName().startsWith("apiserver-")) {
        client.resource(lease).delete();
      }
    }
  }

  private static void remove(KubernetesClient client, HasMetadata object) {
    dropFinalizers(client, object);
    client.resource(object).withGracePeriod(0).delete();
  }

  private static void dropFinalizers(KubernetesClient client, HasMetadata object) {
    List<String> finalizers = object.getMetadata().getFinalizers();
    if (finalizers != null && !finalizers.isEmpty()) {
      client
          .resource(object)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
    }
  }
}
