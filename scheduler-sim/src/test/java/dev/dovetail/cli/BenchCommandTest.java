package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

  @Test
  void reportsEveryFigurePerSizeAsJson() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(new StringWriter()));

    int code =
        commandLine.execute(
            "bench",
            "--sizes",
            "1,50",
            "--no-preferences",
            "--no-anchor",
            "--warmup",
            "0",
            "--rounds",
            "1",
            "-o",
            "json");

    assertThat(code).isZero();
    List<JsonNode> docs =
        new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(out.toString()).readAll();
    JsonNode doc = docs.get(0);
    JsonNode consolidation = docs.get(1).get("consolidation");
    assertThat(consolidation.get("nodes").asInt()).isEqualTo(1000);
    assertThat(consolidation.get("pods").asInt()).isEqualTo(10000);
    assertThat(consolidation.get("cpuMs").asDouble()).isPositive();
    assertThat(consolidation.get("ms").asDouble()).isPositive();
    JsonNode solves = docs.get(2).get("consolidationSolves");
    assertThat(solves.get("nodes").asInt()).isEqualTo(200);
    assertThat(solves.get("pods").asInt()).isEqualTo(2000);
    assertThat(solves.get("solves").asInt()).isEqualTo(38);
    assertThat(solves.get("oneShotSolvesPerSecond").asDouble()).isPositive();
    assertThat(solves.get("sessionSolvesPerSecond").asDouble()).isPositive();
    assertThat(solves.get("samePlans").asBoolean()).isTrue();
    assertThat(doc.get("processors").asInt()).isPositive();
    assertThat(doc.get("jdk").asText()).isNotBlank();
    JsonNode results = doc.get("results");
    assertThat(results).hasSize(2);
    JsonNode fifty = results.get(1);
    assertThat(fifty.get("name").asText()).isEqualTo("diverse-50");
    assertThat(fifty.get("scheduled").asInt()).isEqualTo(50);
    assertThat(fifty.get("nodes").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(fifty.get("costPerHour").asDouble())
        .isLessThanOrEqualTo(fifty.get("firstFitCostPerHour").asDouble() + 1e-9);
    assertThat(fifty.get("boundRatio").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(fifty.get("check").asText()).isEqualTo("ok");
  }

  @Test
  void rejectsNonPositiveSizes() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter()));
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("bench", "--sizes", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--sizes must be pod counts from 1 to 1000000, got 0");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(
      delimiter = '|',
      value = {
        "--sizes|2000000000|--sizes must be pod counts from 1 to 1000000, got 2000000000",
        "--rounds|2147483647|--rounds must be from 1 and --warmup from 0, both at most 1000",
        "--warmup|-1|--rounds must be from 1 and --warmup from 0, both at most 1000",
        "--sizes|99999999999|Invalid value for option '--sizes'",
      })
  @org.junit.jupiter.api.Timeout(20)
  void outOfRangeNumbersAreOneLineErrorsNotOutOfMemory(String option, String value, String says) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter()));
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("bench", "--no-anchor", option, value)).isEqualTo(2);
    assertThat(err.toString()).contains(says).doesNotContain("\tat ");
  }

  @Test
  void demoWithAMissingManifestDirectoryIsAClearError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(new StringWriter()));
    commandLine.setErr(new PrintWriter(err));

    assertThat(commandLine.execute("demo", "--manifests", "/nonexistent")).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo("error: --manifests /nonexistent: no such directory");
  }
}
