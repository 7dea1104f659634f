package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dovetail simulate}'s handling of bad input: problem lines and exit 2, no stack trace. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulateCommandTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void anInvalidScenarioPrintsItsProblemsAndExitsTwo() throws Exception {
    Path file = dir.resolve("s.yaml");
    Files.writeString(
        file,
        """
        apiVersion: simulate.dovetail.dev/v1alpha1
        kind: Scenario
        metadata: {name: s}
        spec:
          duration: 0s
          manifests: [nowhere]
        """);

    Run run = run("simulate", "-f", file.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("Scenario/s: spec.duration: must be more than 0 and at most 31d")
        .contains("Scenario/s: spec.manifests[0]: \"nowhere\" does not exist")
        .contains("simulate: 2 problem(s) in " + file);
  }

  @Test
  void anUnreadableFileIsOneLine() {
    Run run = run("simulate", "-f", dir.resolve("missing.yaml").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("missing.yaml: cannot be read");
  }

  @Test
  void rejectsAnUnknownOutputFormat() {
    Run run = run("simulate", "-f", "x.yaml", "-o", "xml");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--output must be table or json");
  }
}
