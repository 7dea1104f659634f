package dev.dovetail.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private final ManifestReader reader = new ManifestReader();

  @Test
  void readsMultiDocumentYamlWithLocations() {
    String text =
        """
        # leading comment
        apiVersion: v1
        kind: Namespace
        metadata:
          name: one
        ---
        ---
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata:
          name: default
        spec:
          weight: 10
        """;
    ManifestSet set = reader.readString("m.yaml", text);
    assertThat(set.errors()).isEmpty();
    assertThat(set.documents())
        .extracting(ManifestDocument::kind, ManifestDocument::name, ManifestDocument::index)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Namespace", "one", 1),
            org.assertj.core.groups.Tuple.tuple("Provisioner", "default", 3));
    ManifestDocument provisioner = set.documents().get(1);
    assertThat(provisioner.apiVersion()).isEqualTo("karpenter.sh/v1alpha5");
    assertThat(provisioner.location().line()).isEqualTo(8);
    assertThat(provisioner.locationOf("/spec/weight")).hasToString("m.yaml:13:3");
    assertThat(provisioner.locationOfField("spec.weight")).hasToString("m.yaml:13:3");
    assertThat(provisioner.locationOfField("spec.labels[a/b]")).hasToString("m.yaml:12:1");
  }

  @Test
  void theItemsOfAListAreDocumentsOfTheirOwn() {
    String text =
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Node
            metadata:
              name: n1
          - apiVersion: v1
            kind: Pod
            metadata:
              name: p1
              namespace: team
            spec:
              nodeName: n1
        metadata:
          resourceVersion: ""
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team
        """;
    ManifestSet set = reader.readString("cluster.yaml", text);
    assertThat(set.errors()).isEmpty();
    assertThat(set.documents())
        .extracting(ManifestDocument::kind, ManifestDocument::name, ManifestDocument::namespace)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Node", "n1", null),
            org.assertj.core.groups.Tuple.tuple("Pod", "p1", "team"),
            org.assertj.core.groups.Tuple.tuple("Namespace", "team", null));
    ManifestDocument pod = set.documents().get(1);
    assertThat(pod.location().line()).isEqualTo(8);
    assertThat(pod.locationOfField("spec.nodeName")).hasToString("cluster.yaml:14:7");
  }

  @Test
  void yamlSyntaxErrorGivesFileLineAndColumn() {
    ManifestSet set =
        reader.readString(
            "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   x: y: z\n");
    assertThat(set.errors()).hasSize(1);
    ManifestError error = set.errors().get(0);
    assertThat(error.location().file()).isEqualTo("bad.yaml");
    assertThat(error.location().line()).isEqualTo(5);
    assertThat(error.location().column()).isPositive();
    assertThat(error.toString()).startsWith("bad.yaml:5:").contains("YAML syntax error:");
  }

  @Test
  void duplicateKeysAreSyntaxErrors() {
    ManifestSet set = reader.readString("dup.yaml", "kind: Pod\nkind: Namespace\n");
    assertThat(set.errors())
        .singleElement()
        .hasToString("dup.yaml:2:1: YAML syntax error: duplicate key \"kind\"");
  }

  @Test
  void walksDirectoriesRecursivelyInSortedOrder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("b/nested"));
    Files.writeString(
        dir.resolve("b/nested/z.yml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: z}\n");
    Files.writeString(
        dir.resolve("a.json"),
        "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}");
    Files.writeString(
        dir.resolve("b/m.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: m}\n");
    Files.writeString(dir.resolve("notes.txt"), "not a manifest: [");
    ManifestSet set = reader.read(List.of(dir));
    assertThat(set.errors()).isEmpty();
    assertThat(set.documents()).extracting(ManifestDocument::name).containsExactly("a", "m", "z");
    assertThat(set.documents().get(0).source()).endsWith("a.json");
  }

  @Test
  void missingFileIsAnError() {
    ManifestSet set = reader.read(List.of(Path.of("does/not/exist.yaml")));
    assertThat(set.errors()).singleElement().hasToString("does/not/exist.yaml: no such file");
  }

  @Test
  void decodesBuiltInKindsToFabric8Types() {
    ManifestSet set =
        reader.readString(
            "d.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inflate\nspec:\n  replicas: 5\n");
    Decoded<?> decoded = KindRegistry.builtIn().decode(set.documents().get(0));
    assertThat(decoded.owned()).isFalse();
    assertThat(decoded.problems()).isEmpty();
    assertThat(decoded.object()).isInstanceOf(Deployment.class);
    assertThat(((Deployment) decoded.object()).getSpec().getReplicas()).isEqualTo(5);
  }

  @Test
  void unknownForeignKindsAreDecodedGenericallyWithoutProblems() {
    ManifestSet set =
        reader.readString(
            "x.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
    Decoded<?> decoded = KindRegistry.builtIn().decode(set.documents().get(0));
    assertThat(decoded.descriptor()).isNull();
    assertThat(decoded.problems()).isEmpty();
    assertThat(decoded.object())
        .isInstanceOf(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
  }

  @Test
  void unknownFieldsAreReportedWithTheirPathAndDoNotStopValidation() {
    ManifestSet set =
        reader.readString(
            "p.yaml",
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata:
              name: default
            spec:
              providerRef:
                name: default
                namespace: x
              taints:
                - key: a
                  effect: NoSchedule
                  tolerationSeconds: 5
              weight: 500
            """);
    Decoded<?> decoded = KindRegistry.builtIn().decode(set.documents().get(0));
    assertThat(decoded.validate())
        .extracting(Object::toString)
        .containsExactly(
            "Provisioner/default: spec.providerRef.namespace: unknown field",
            "Provisioner/default: spec.taints[0].tolerationSeconds: unknown field",
            "Provisioner/default: spec.weight: must be between 1 and 100, not 500");
    ManifestDocument document = set.documents().get(0);
    assertThat(document.locationOfField("spec.taints[0].tolerationSeconds"))
        .hasToString("p.yaml:12:7");
  }

  @Test
  void aDocumentThatIsNotAnObjectIsAProblem() {
    ManifestSet set = reader.readString("l.yaml", "- a\n- b\n");
    Decoded<?> decoded = KindRegistry.builtIn().decode(set.documents().get(0));
    assertThat(decoded.problems())
        .extracting(Object::toString)
        .containsExactly(
            "<unknown kind>/<unnamed>: <document>: must be a Kubernetes object (a mapping with"
                + " apiVersion and kind)");
  }

  @Test
  void providersExtendTheRegistry() {
    KindRegistry registry = KindRegistry.builtIn();
    assertThat(registry.find("example.com/v1", "Widget")).isNull();
    registry.register(KindDescriptor.builtIn("example.com/v1", "Widget", java.util.Map.class));
    ManifestSet set =
        reader.readString(
            "w.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
    assertThat(registry.decode(set.documents().get(0)).object()).isInstanceOf(java.util.Map.class);
  }

  @Test
  void yamlAnchorsAndAliasesAreResolved() {
    ManifestSet set =
        reader.readString(
            "a.yaml",
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: a}
            spec:
              taints:
                - &gpu {key: nvidia.com/gpu, effect: NoSchedule}
              startupTaints:
                - *gpu
            """);
    assertThat(set.errors()).isEmpty();
    var tree = set.documents().get(0).tree();
    assertThat(tree.at("/spec/startupTaints/0")).isEqualTo(tree.at("/spec/taints/0"));
    assertThat(tree.at("/spec/startupTaints/0/key").asText()).isEqualTo("nvidia.com/gpu");
  }

  @Test
  void dashReadsStandardInput() {
    ManifestReader fromStdin =
        new ManifestReader(
            () ->
                new java.io.ByteArrayInputStream(
                    "apiVersion: v1\nkind: Namespace\nmetadata: {name: piped}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    ManifestSet set = fromStdin.read(List.of(Path.of("-")));
    assertThat(set.documents())
        .singleElement()
        .extracting(ManifestDocument::name)
        .isEqualTo("piped");
    assertThat(set.documents().get(0).location()).hasToString("<stdin>:1:1");
  }
}
