package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CRDs Helm installs from {@code crds/} are well-formed CustomResourceDefinitions. */
class ChartCrdsTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void everyFileInCrdsIsACustomResourceDefinition() throws IOException {
    List<CustomResourceDefinition> crds = crds();
    assertThat(crds)
        .extracting(crd -> crd.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "provisioners.karpenter.sh",
            "machines.karpenter.sh",
            "awsnodetemplates.karpenter.k8s.aws");
    assertThat(crds)
        .allSatisfy(
            crd -> {
              assertThat(crd.getMetadata().getName())
                  .isEqualTo(crd.getSpec().getNames().getPlural() + "." + crd.getSpec().getGroup());
              assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
              assertThat(crd.getSpec().getVersions())
                  .filteredOn(v -> v.getStorage())
                  .singleElement()
                  .satisfies(v -> assertThat(v.getSchema().getOpenAPIV3Schema()).isNotNull());
              assertThat(UnknownFields.of(crd)).as(crd.getMetadata().getName()).isEmpty();
            });
  }

  @Test
  void statusIsASubresourceSoTheControllersStatusPermissionsApply() throws IOException {
    assertThat(crds())
        .allSatisfy(
            crd ->
                assertThat(crd.getSpec().getVersions())
                    .allSatisfy(v -> assertThat(v.getSubresources().getStatus()).isNotNull()));
  }

  private static List<CustomResourceDefinition> crds() throws IOException {
    Path directory = HelmChart.chartDirectory().resolve("crds");
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(ChartCrdsTest::read)
          .toList();
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try {
      HasMetadata object = SERIALIZATION.unmarshal(Files.readString(file));
      assertThat(object).as(file.toString()).isInstanceOf(CustomResourceDefinition.class);
      return (CustomResourceDefinition) object;
    } catch (IOException e) {
      throw new IllegalStateException("reading " + file, e);
    }
  }
}
