package dev.dovetail.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySelectorTermBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeTopologyTest {
  private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
  private final Map<String, PersistentVolume> volumes = new HashMap<>();
  private final Map<String, StorageClass> classes = new HashMap<>();
  private final VolumeTopology topology =
      new VolumeTopology(
          new VolumeTopology.Lookup() {
            @Override
            public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
              return Optional.ofNullable(claims.get(namespace + "/" + name));
            }

            @Override
            public Optional<PersistentVolume> volume(String name) {
              return Optional.ofNullable(volumes.get(name));
            }

            @Override
            public Optional<StorageClass> storageClass(String name) {
              return Optional.ofNullable(classes.get(name));
            }
          });

  @Test
  void aBoundVolumePinsThePodToItsZone() {
    claims.put("db/data", claim("data", "pv-1", "gp3"));
    volumes.put(
        "pv-1",
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName("pv-1")
            .endMetadata()
            .withNewSpec()
            .withNewNodeAffinity()
            .withNewRequired()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("topology.ebs.csi.aws.com/zone")
            .withOperator("In")
            .withValues("us-west-2b")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequired()
            .endNodeAffinity()
            .endSpec()
            .build());

    Requirements zones = topology.of(podWithClaim("data"));

    assertThat(zones.get(WellKnownLabels.ZONE).allows("us-west-2b")).isTrue();
    assertThat(zones.get(WellKnownLabels.ZONE).allows("us-west-2a")).isFalse();
  }

  @Test
  void anUnboundClaimFollowsItsStorageClassAllowedTopologies() {
    claims.put("db/data", claim("data", null, "zonal"));
    classes.put(
        "zonal",
        new StorageClassBuilder()
            .withNewMetadata()
            .withName("zonal")
            .endMetadata()
            .withProvisioner("ebs.csi.aws.com")
            .withAllowedTopologies(
                new TopologySelectorTermBuilder()
                    .addNewMatchLabelExpression()
                    .withKey(WellKnownLabels.ZONE)
                    .withValues("us-west-2a", "us-west-2c")
                    .endMatchLabelExpression()
                    .build())
            .build());

    Requirements zones = topology.of(podWithClaim("data"));

    assertThat(zones.get(WellKnownLabels.ZONE).allows("us-west-2c")).isTrue();
    assertThat(zones.get(WellKnownLabels.ZONE).allows("us-west-2b")).isFalse();
  }

  @Test
  void aMissingClaimIsAnErrorNamingIt() {
    assertThatThrownBy(() -> topology.of(podWithClaim("data")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("persistent volume claim db/data not found");
  }

  @Test
  void aPodWithoutClaimsHasNoVolumeRequirements() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .build();
    assertThat(topology.of(pod)).isEqualTo(Requirements.NONE);
  }

  @Test
  void thePlannedPodCarriesTheVolumeZone() {
    claims.put("db/data", claim("data", null, "zonal"));
    classes.put(
        "zonal",
        new StorageClassBuilder()
            .withNewMetadata()
            .withName("zonal")
            .endMetadata()
            .withAllowedTopologies(
                new TopologySelectorTermBuilder()
                    .addNewMatchLabelExpression()
                    .withKey(WellKnownLabels.ZONE)
                    .withValues("us-west-2a")
                    .endMatchLabelExpression()
                    .build())
            .build());
    Pod pod = podWithClaim("data");

    var planned = new WorkloadPods().pendingPod(pod, topology.of(pod));

    assertThat(planned.volumeRequirements().get(WellKnownLabels.ZONE).allows("us-west-2a"))
        .isTrue();
  }

  private static PersistentVolumeClaim claim(String name, String volume, String storageClass) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("db")
        .endMetadata()
        .withNewSpec()
        .withVolumeName(volume)
        .withStorageClassName(storageClass)
        .endSpec()
        .build();
  }

  private static Pod podWithClaim(String claim) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("postgres-0")
        .withNamespace("db")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("postgres")
        .endContainer()
        .addNewVolume()
        .withName("data")
        .withNewPersistentVolumeClaim()
        .withClaimName(claim)
        .endPersistentVolumeClaim()
        .endVolume()
        .endSpec()
        .build();
  }
}
