package dev.dovetail.sim.realkube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dovetail.sim.testing.RealKubeApi;
import dev.dovetail.sim.testing.RepositoryFiles;
import dev.dovetail.sim.testing.TestCluster;
import dev.dovetail.testing.fixtures.TestMachines;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl} against a real kube-apiserver with the chart's CRDs: the printer columns show,
 * and {@code kubectl apply} of an example validates against the server's OpenAPI document (no
 * {@code --validate=false}, which the embedded server needs). Skipped when kubectl is not on the
 * PATH.
 */
@RealKubeApi
@Timeout(120)
class KubectlOnRealKubeApiTest {
  private Path kubeconfig;
  private String kubectl;

  @BeforeEach
  void setUp(TestCluster cluster, @TempDir Path dir) {
    Optional<String> found = onPath("kubectl");
    assumeTrue(found.isPresent(), "kubectl is not on the PATH: kubectl test skipped");
    kubectl = found.get();
    kubeconfig = cluster.server().writeKubeconfig(dir.resolve("kubeconfig"));
  }

  @Test
  void applyValidatesAgainstTheServerAndGetShowsThePrinterColumns(TestCluster cluster)
      throws Exception {
    Result applied =
        run("apply", "-f", RepositoryFiles.resolve("examples/a2-inflate-spot").toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(applied.output())
        .contains("provisioner.karpenter.sh/default created")
        .contains("awsnodetemplate.karpenter.k8s.aws/default created");
    cluster.client().resource(TestMachines.machine("default").build()).create();
    cluster
        .client()
        .resource(new NodeBuilder().withNewMetadata().withName("ip-10-0-0-1").endMetadata().build())
        .create();

    Result got = run("get", "provisioners,machines,nodes");

    assertThat(got.exitCode()).as(got.output()).isZero();
    List<String> headers = got.output().lines().filter(l -> l.startsWith("NAME")).toList();
    assertThat(headers)
        .anySatisfy(h -> assertThat(h).contains("TEMPLATE", "WEIGHT", "CPU", "MEMORY", "AGE"))
        .anySatisfy(h -> assertThat(h).contains("TYPE", "ZONE", "CAPACITY", "NODE", "READY", "AGE"))
        .anySatisfy(h -> assertThat(h).contains("STATUS", "ROLES", "AGE", "VERSION"));
    Result wide = run("get", "machines", "-o", "wide");
    assertThat(wide.output().lines().findFirst())
        .as("the Provisioner column has priority 1")
        .hasValueSatisfying(h -> assertThat(h).contains("PROVISIONER"));
  }

  @Test
  void applyRefusesAnUnknownFieldInAProvisioner(@TempDir Path dir) throws Exception {
    Path typo =
        Files.writeString(
            dir.resolve("typo.yaml"),
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: typo}
            spec:
              providerRef: {name: default}
              limitz: {resources: {cpu: 10}}
            """);

    Result applied = run("apply", "-f", typo.toString());

    assertThat(applied.exitCode()).as(applied.output()).isNotZero();
    assertThat(applied.output()).contains("limitz");
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(kubeconfig.getParent(), "kubectl-", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), Files.readString(output));
  }

  private static Optional<String> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst();
  }
}
