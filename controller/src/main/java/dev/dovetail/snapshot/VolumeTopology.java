package dev.dovetail.snapshot;

import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySelectorLabelRequirement;
import io.fabric8.kubernetes.api.model.TopologySelectorTerm;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The zone constraints a pod's persistent volumes put on its node, as upstream reads them: a bound
 * volume's node affinity (first term), or else the storage class's {@code allowedTopologies} (first
 * term). They are added to every node-affinity term of the pod and never relaxed.
 */
public final class VolumeTopology {
  /** Where claims, volumes and storage classes are read from (informer caches or the API). */
  public interface Lookup {
    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    Optional<PersistentVolume> volume(String name);

    Optional<StorageClass> storageClass(String name);

    /** A cluster without volumes: every claim is missing. */
    Lookup NONE =
        new Lookup() {
          @Override
          public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
            return Optional.empty();
          }

          @Override
          public Optional<PersistentVolume> volume(String name) {
            return Optional.empty();
          }

          @Override
          public Optional<StorageClass> storageClass(String name) {
            return Optional.empty();
          }
        };
  }

  /** Reads from the informer caches of a running controller. */
  public static Lookup lookup(
      io.fabric8.kubernetes.client.informers.SharedIndexInformer<PersistentVolumeClaim> claims,
      io.fabric8.kubernetes.client.informers.SharedIndexInformer<PersistentVolume> volumes,
      io.fabric8.kubernetes.client.informers.SharedIndexInformer<StorageClass> classes) {
    return new Lookup() {
      @Override
      public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(claims.getStore().getByKey(namespace + "/" + name));
      }

      @Override
      public Optional<PersistentVolume> volume(String name) {
        return Optional.ofNullable(volumes.getStore().getByKey(name));
      }

      @Override
      public Optional<StorageClass> storageClass(String name) {
        return Optional.ofNullable(classes.getStore().getByKey(name));
      }
    };
  }

  /** Reads from the API server (dry runs against a live cluster). */
  public static Lookup lookup(io.fabric8.kubernetes.client.KubernetesClient client) {
    return new Lookup() {
      @Override
      public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(
            client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
      }

      @Override
      public Optional<PersistentVolume> volume(String name) {
        return Optional.ofNullable(client.persistentVolumes().withName(name).get());
      }

      @Override
      public Optional<StorageClass> storageClass(String name) {
        return Optional.ofNullable(client.storage().v1().storageClasses().withName(name).get());
      }
    };
  }

  private final Lookup lookup;

  public VolumeTopology(Lookup lookup) {
    this.lookup = lookup;
  }

  /**
   * The pod's volume requirements, {@link Requirements#NONE} when it has no claims.
   *
   * @throws IllegalArgumentException naming the claim when it, its volume or its storage class
   *     cannot be found, so the pod is skipped as upstream skips it
   */
  public Requirements of(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
      return Requirements.NONE;
    }
    String namespace = pod.getMetadata().getNamespace();
    List<Requirement> zones = new ArrayList<>();
    for (Volume volume : pod.getSpec().getVolumes()) {
      if (volume.getPersistentVolumeClaim() == null) {
        continue;
      }
      String claimName = volume.getPersistentVolumeClaim().getClaimName();
      PersistentVolumeClaim claim =
          lookup
              .claim(namespace, claimName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "persistent volume claim " + namespace + "/" + claimName + " not found"));
      zones.addAll(zonesOf(claim, namespace + "/" + claimName));
    }
    return zones.isEmpty() ? Requirements.NONE : Requirements.of(zones);
  }

  private List<Requirement> zonesOf(PersistentVolumeClaim claim, String claimKey) {
    String volumeName = claim.getSpec() == null ? null : claim.getSpec().getVolumeName();
    if (volumeName != null && !volumeName.isEmpty()) {
      PersistentVolume volume =
          lookup
              .volume(volumeName)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "persistent volume "
                              + volumeName
                              + " of claim "
                              + claimKey
                              + " not found"));
      var affinity = volume.getSpec() == null ? null : volume.getSpec().getNodeAffinity();
      if (affinity == null
          || affinity.getRequired() == null
          || affinity.getRequired().getNodeSelectorTerms() == null
          || affinity.getRequired().getNodeSelectorTerms().isEmpty()) {
        return List.of();
      }
      NodeSelectorTerm first = affinity.getRequired().getNodeSelectorTerms().get(0);
      List<Requirement> out = new ArrayList<>();
      if (first.getMatchExpressions() != null) {
        for (NodeSelectorRequirement r : first.getMatchExpressions()) {
          if (isZone(r.getKey())) {
            out.add(
                Requirement.of(
                    WellKnownLabels.ZONE,
                    Operator.fromKubernetes(r.getOperator()),
                    r.getValues() == null ? List.of() : r.getValues()));
          }
        }
      }
      return out;
    }
    String className = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
    if (className == null || className.isEmpty()) {
      return List.of();
    }
    StorageClass storageClass =
        lookup
            .storageClass(className)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "storage class " + className + " of claim " + claimKey + " not found"));
    List<TopologySelectorTerm> allowed = storageClass.getAllowedTopologies();
    if (allowed == null || allowed.isEmpty() || allowed.get(0).getMatchLabelExpressions() == null) {
      return List.of();
    }
    List<Requirement> out = new ArrayList<>();
    for (TopologySelectorLabelRequirement r : allowed.get(0).getMatchLabelExpressions()) {
      if (isZone(r.getKey())) {
        out.add(Requirement.in(WellKnownLabels.ZONE, r.getValues()));
      }
    }
    return out;
  }

  private static boolean isZone(String key) {
    return WellKnownLabels.ZONE.equals(WellKnownLabels.normalize(key))
        || "topology.ebs.csi.aws.com/zone".equals(key);
  }
}
