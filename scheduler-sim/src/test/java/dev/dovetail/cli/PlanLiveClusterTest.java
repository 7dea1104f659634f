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
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dovetail plan --kubeconfig} against the embedded API server. */
class PlanLiveClusterTest {
  @TempDir Path dir;
  private EmbeddedKubeApi api;
  private KubernetesClient client;
  private Path kubeconfig;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Path scenario() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples/a2-inflate-spot"))) {
        return p.resolve("examples/a2-inflate-spot");
      }
    }
    throw new IllegalStateException("examples/a2-inflate-spot not found");
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
    Run live = run("plan", "--kubeconfig", kubeconfig.toString(), "-o", "json");
    Run files = run("plan", "-f", scenario().toString(), "-o", "json");

    assertThat(live.err()).isEmpty();
    assertThat(live.code()).isZero();
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
    Run live = run("plan", "--kubeconfig", kubeconfig.toString());

    assertThat(live.code()).isZero();
    assertThat(live.out()).contains("cluster ").contains("default");
  }

  @Test
  void aContextThatIsNotInTheKubeconfigIsAnError() {
    Run run = run("plan", "--kubeconfig", kubeconfig.toString(), "--context", "prod-typo");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("context \"prod-typo\" is not in the kubeconfig");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void filesAndAClusterAreExclusive() {
    Run both = run("plan", "--kubeconfig", kubeconfig.toString(), "-f", scenario().toString());
    Run neither = run("plan");

    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("either -f");
    assertThat(neither.code()).isEqualTo(2);
  }
}
