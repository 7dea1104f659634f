package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.LoadedManifests;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.testing.RepositoryFiles;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dovetail plan --kubeconfig} against the embedded API server. */
class PlanLiveClusterTest {
  @TempDir Path dir;
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private Path kubeconfig;

  private static Path scenario() {
    return RepositoryFiles.resolve("examples/a2-inflate-spot");
  }

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(new FakeClock(), 0);
    client = api.newClient();
    Demo.registerCrds(client);
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
    LoadedManifests loaded = KindRegistry.discover().load(List.of(scenario()));
    loaded.objects(AWSNodeTemplate.class).forEach(t -> client.resource(t).create());
    loaded.objects(Provisioner.class).forEach(p -> client.resource(p).create());
    for (int i = 0; i < 5; i++) {
      client
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withNamespace("default")
                  .withName("inflate-" + i)
                  .addToLabels("app", "inflate")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("inflate")
                  .withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
                  .withNewResources()
                  .addToRequests("cpu", new Quantity("1"))
                  .endResources()
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Pending")
                  .addToConditions(
                      new PodConditionBuilder()
                          .withType("PodScheduled")
                          .withStatus("False")
                          .withReason("Unschedulable")
                          .build())
                  .endStatus()
                  .build())
          .create();
    }
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void plansThePendingPodsOfARunningClusterLikeTheSameManifestsOnDisk() throws Exception {
    CliRun live = CliRun.run("plan", "--kubeconfig", kubeconfig.toString(), "-o", "json");
    CliRun files = CliRun.run("plan", "-f", scenario().toString(), "-o", "json");

    assertThat(live.err()).isEmpty();
    assertThat(live.exitCode()).isZero();
    ObjectMapper json = new ObjectMapper();
    JsonNode fromCluster = json.readTree(live.out());
    JsonNode fromFiles = json.readTree(files.out());
    assertThat(fromCluster.get("pods").asInt()).isEqualTo(5);
    assertThat(fromCluster.get("costPerHour").asDouble())
        .isPositive()
        .isEqualTo(fromFiles.get("costPerHour").asDouble());
    assertThat(fromCluster.get("nodes").size()).isEqualTo(fromFiles.get("nodes").size());
    assertThat(fromCluster.get("nodes").get(0).get("instanceType"))
        .isEqualTo(fromFiles.get("nodes").get(0).get("instanceType"));
    assertThat(client.resources(Machine.class).list().getItems()).as("read-only").isEmpty();
  }

  @Test
  void theTableNamesTheClusterAndTheProvisioner() {
    CliRun live = CliRun.run("plan", "--kubeconfig", kubeconfig.toString());

    assertThat(live.exitCode()).isZero();
    assertThat(live.out()).contains("cluster ").contains("default");
  }

  @Test
  void aContextThatIsNotInTheKubeconfigIsAnError() {
    CliRun run =
        CliRun.run("plan", "--kubeconfig", kubeconfig.toString(), "--context", "prod-typo");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("context \"prod-typo\" is not in the kubeconfig");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void filesAndAClusterAreExclusive() {
    CliRun both =
        CliRun.run("plan", "--kubeconfig", kubeconfig.toString(), "-f", scenario().toString());
    CliRun neither = CliRun.run("plan");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("either -f");
    assertThat(neither.exitCode()).isEqualTo(2);
  }
}
