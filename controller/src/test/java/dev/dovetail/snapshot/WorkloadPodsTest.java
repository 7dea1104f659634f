package dev.dovetail.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import org.junit.jupiter.api.Test;

class WorkloadPodsTest {
  private static final io.fabric8.kubernetes.api.model.PodTemplateSpec TEMPLATE =
      new PodTemplateSpecBuilder()
          .withNewSpec()
          .addNewContainer()
          .withName("app")
          .withNewResources()
          .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
          .endResources()
          .endContainer()
          .endSpec()
          .build();

  @Test
  void aDeploymentWithoutATemplateIsAnInputErrorNamingTheObjectAndField() {
    var deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .endSpec()
            .build();

    assertThatThrownBy(() -> new WorkloadPods().expand(deployment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Deployment web: spec.template: required");
  }

  @Test
  void nativeSidecarsAddToTheContainersWhileClassicInitContainersTakeTheMaximum() {
    var pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("app")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addToInitContainers(container("setup", "2", null))
            .addToInitContainers(container("proxy", "500m", "Always"))
            .addToInitContainers(container("migrate", "1", null))
            .addToContainers(container("app", "1", null))
            .endSpec()
            .build();

    var requests = new WorkloadPods().expand(pod).get(0).requests();

    // max(app 1 + proxy 0.5, setup 2, migrate 1 + proxy 0.5) = 2 cores
    assertThat(requests.cpuMillis()).isEqualTo(2000);
  }

  @Test
  void aSidecarAloneRaisesTheRegularSum() {
    var pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("app")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .addToInitContainers(container("proxy", "500m", "Always"))
            .addToContainers(container("app", "1", null))
            .endSpec()
            .build();

    assertThat(new WorkloadPods().expand(pod).get(0).requests().cpuMillis()).isEqualTo(1500);
  }

  private static io.fabric8.kubernetes.api.model.Container container(
      String name, String cpu, String restartPolicy) {
    return new io.fabric8.kubernetes.api.model.ContainerBuilder()
        .withName(name)
        .withRestartPolicy(restartPolicy)
        .withNewResources()
        .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity(cpu))
        .endResources()
        .build();
  }

  @Test
  void aSuspendedJobRunsNoPods() {
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("batch")
            .endMetadata()
            .withNewSpec()
            .withSuspend(true)
            .withParallelism(3)
            .withTemplate(TEMPLATE)
            .endSpec()
            .build();

    assertThat(new WorkloadPods().expand(job)).isEmpty();
  }

  @Test
  void aReplicationControllerRunsItsReplicas() {
    var rc =
        new ReplicationControllerBuilder()
            .withNewMetadata()
            .withName("legacy")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withTemplate(TEMPLATE)
            .endSpec()
            .build();

    assertThat(new WorkloadPods().expand(rc)).hasSize(2);
  }
}
