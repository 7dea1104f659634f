package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code dovetail validate} in process and checks exit codes, stdout and stderr. */
class ValidateCommandTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static Path examples() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("examples"))) {
      here = here.getParent();
    }
    assertThat(here).as("repository root with examples/").isNotNull();
    return here.resolve("examples");
  }

  @Test
  void theScenarioExamplesAreValid() {
    CliRun run = CliRun.run("validate", "-f", examples().toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEqualTo("validate: 10 object(s) valid\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void invalidManifestExitsOneWithOneLinePerProblem() throws Exception {
    Path file =
        write(
            "bad.yaml",
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata:
              name: default
            spec:
              ttlSecondsAfterEmpty: 30
              consolidation:
                enabled: true
              providerRef:
                name: default
              weight: 0
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ignored
            spec:
              whatever: true
            """);
    CliRun run = CliRun.run("validate", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines())
        .containsExactly(
            "Provisioner/default: spec.ttlSecondsAfterEmpty: cannot be combined with"
                + " spec.consolidation.enabled=true",
            "Provisioner/default: spec.weight: must be between 1 and 100, not 0",
            "validate: 2 problem(s) in 1 of 1 object(s)");
  }

  @Test
  void showSourcePrefixesTheFieldLocation() throws Exception {
    Path file =
        write(
            "unknown.yaml",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: p\nspec:\n"
                + "  providerRef: {name: default}\n  limits:\n    resourcez: {cpu: 10}\n");
    CliRun run = CliRun.run("validate", "--show-source", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .isEqualTo(file + ":8:5: Provisioner/p: spec.limits.resourcez: unknown field");
  }

  @Test
  void yamlSyntaxErrorExitsTwoWithFileLineAndColumn() throws Exception {
    Path file = write("broken.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n");
    CliRun run = CliRun.run("validate", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .startsWith(file + ":")
        .matches(".*broken\\.yaml:\\d+:\\d+: YAML syntax error: .*");
  }

  @Test
  void missingFileExitsTwo() {
    CliRun run = CliRun.run("validate", "-f", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith(dir.resolve("nope.yaml") + ": no such file\n");
  }

  @Test
  void unreadableInputWinsOverInvalidObjects() throws Exception {
    Path bad =
        write(
            "a/bad.yaml",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: x}\nspec: {}\n");
    write("a/broken.yaml", "a: [\n");
    CliRun run = CliRun.run("validate", "-f", bad.getParent().toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("Provisioner/x: spec.providerRef: required")
        .endsWith("validate: 1 problem(s) in 1 of 1 object(s); 1 input(s) could not be read\n");
  }

  @Test
  void wrongApiVersionAndKindAreNamed() throws Exception {
    Path file =
        write(
            "versions.yaml",
            """
            apiVersion: karpenter.sh/v1beta1
            kind: Provisioner
            metadata: {name: a}
            ---
            apiVersion: karpenter.k8s.aws/v1alpha1
            kind: AWSNodeTemplat
            metadata: {name: b}
            """);
    CliRun run = CliRun.run("validate", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines())
        .containsExactly(
            "Provisioner/a: apiVersion: \"karpenter.sh/v1beta1\" is not supported for kind"
                + " Provisioner; use karpenter.sh/v1alpha5",
            "AWSNodeTemplat/b: kind: unknown kind \"AWSNodeTemplat\" in karpenter.k8s.aws/v1alpha1;"
                + " known kinds: AWSNodeTemplate (karpenter.k8s.aws/v1alpha1)",
            "validate: 2 problem(s) in 2 of 2 object(s)");
  }

  @Test
  void repeatableFilesAndShowDefaults() throws Exception {
    Path provisioner =
        write(
            "p.yaml",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {name: default}\n"
                + "spec: {providerRef: {name: default}}\n");
    Path template =
        write(
            "t.yaml",
            "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata: {name: default}\n"
                + "spec: {subnetSelector: {a: b}, securityGroupSelector: {a: b}}\n");
    CliRun run =
        CliRun.run(
            "validate", "--show-defaults", "-f", provisioner.toString(), "-f", template.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("# Source: " + provisioner)
        .contains("key: karpenter.k8s.aws/instance-category")
        .contains("operator: Gt")
        .contains("- \"2\"")
        .contains("kind: AWSNodeTemplate");
    assertThat(run.err()).isEqualTo("validate: 2 object(s) valid\n");
  }

  @Test
  void otherKindsAreIgnoredUnlessAsked() throws Exception {
    Path file =
        write(
            "other.yaml",
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n"
                + "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n");
    CliRun plain = CliRun.run("validate", "-f", file.toString());
    assertThat(plain.exitCode()).isZero();
    assertThat(plain.err())
        .isEqualTo("validate: no Provisioner, Machine or AWSNodeTemplate found\n");
    CliRun all = CliRun.run("validate", "--all-kinds", "-f", file.toString());
    assertThat(all.exitCode()).isEqualTo(1);
    assertThat(all.err().lines())
        .containsExactly(
            "Widget/w: kind: Dovetail does not know example.com/v1 Widget",
            "validate: 1 problem(s) in 1 of 2 object(s)");
  }

  @Test
  void missingFilenameIsAUsageError() {
    CliRun run = CliRun.run("validate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--filename=FILE|DIR'");
  }
}
