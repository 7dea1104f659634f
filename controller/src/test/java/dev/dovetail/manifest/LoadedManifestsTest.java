package dev.dovetail.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Provisioner;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedManifestsTest {
  @TempDir Path dir;

  @Test
  void typedAccessReturnsValidDefaultedObjectsGroupedByDirectory() throws Exception {
    Files.createDirectories(dir.resolve("one"));
    Files.createDirectories(dir.resolve("two"));
    Files.writeString(
        dir.resolve("one/p.yaml"),
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: good}
        spec: {providerRef: {name: default}}
        ---
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: bad}
        spec: {providerRef: {name: default}, weight: 0}
        """);
    Files.writeString(
        dir.resolve("two/d.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: inflate}\nspec: {replicas: 3}\n");
    LoadedManifests loaded = KindRegistry.builtIn().load(List.of(dir));
    assertThat(loaded.errors()).isEmpty();
    List<Provisioner> provisioners = loaded.objects(Provisioner.class);
    assertThat(provisioners).extracting(p -> p.getMetadata().getName()).containsExactly("good");
    assertThat(provisioners.get(0).getSpec().requirements()).hasSize(3);
    assertThat(loaded.objects(Deployment.class))
        .singleElement()
        .extracting(d -> d.getSpec().getReplicas())
        .isEqualTo(3);
    assertThat(loaded.problems())
        .extracting(Object::toString)
        .containsExactly("Provisioner/bad: spec.weight: must be between 1 and 100, not 0");
    assertThat(loaded.byDirectory().keySet())
        .containsExactly(dir.resolve("one").toString(), dir.resolve("two").toString());
  }

  @Test
  void topLevelUnknownFieldIsNamed() {
    ManifestSet set =
        new ManifestReader()
            .readString(
                "p.yaml",
                "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: p}\n"
                    + "spec: {providerRef: {name: d}}\nspecs: {}\n");
    assertThat(KindRegistry.builtIn().decode(set.documents().get(0)).validate())
        .extracting(Object::toString)
        .containsExactly("Provisioner/p: specs: unknown field");
  }

  @Test
  void jsonSyntaxErrorHasLineAndColumn() {
    ManifestSet set =
        new ManifestReader().readString("x.json", "{\n  \"kind\": \"Pod\",\n  oops\n}");
    assertThat(set.errors())
        .singleElement()
        .asString()
        .startsWith("x.json:3:")
        .contains("JSON syntax error");
  }
}
