package dev.dovetail.sim.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.Machine;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MergePatchTest {
  private EmbeddedKubeApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api =
        EmbeddedKubeApi.start(
            Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC), 0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void statusReplacesTheFieldsItNamesAndKeepsTheSpec() {
    Pod pod =
        client
            .pods()
            .inNamespace("a")
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("p")
                    .withNamespace("a")
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("n1")
                    .addNewContainer()
                    .withName("c")
                    .withImage("pause")
                    .endContainer()
                    .endSpec()
                    .withNewStatus()
                    .withPhase("Pending")
                    .withHostIP("10.0.0.1")
                    .endStatus()
                    .build())
            .create();

    MergePatch.status(client, pod, Map.of("phase", "Running"));

    Pod stored = client.pods().inNamespace("a").withName("p").get();
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
    assertThat(stored.getStatus().getHostIP()).isEqualTo("10.0.0.1");
    assertThat(stored.getSpec().getNodeName()).isEqualTo("n1");
  }

  @Test
  void aMissingObjectFailsWithTheServersCode() {
    Pod missing =
        new PodBuilder()
            .withNewMetadata()
            .withName("gone")
            .withNamespace("a")
            .endMetadata()
            .build();

    assertThatThrownBy(() -> MergePatch.status(client, missing, Map.of("phase", "Running")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void statusPathsFollowTheApiGroupAndScope() {
    Deployment web =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .endMetadata()
            .build();
    Machine machine = new Machine();
    machine.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("m1").build());

    assertThat(MergePatch.statusPath(web))
        .isEqualTo("/apis/apps/v1/namespaces/shop/deployments/web/status");
    assertThat(
            MergePatch.statusPath(
                new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()))
        .isEqualTo("/api/v1/nodes/n1/status");
    assertThat(MergePatch.statusPath(machine))
        .isEqualTo("/apis/karpenter.sh/v1alpha5/machines/m1/status");
  }
}
