package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code dovetail} command line: its exit code, stdout and stderr. A
 * stack trace on stderr fails the test, whatever the command: users never see one.
 */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    return new CliRun(code, out.toString(), err.toString());
  }
}
