package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a rendered report in headless Chromium where Debian's {@code chromium} is installed and
 * checks that it renders (the DOM holds every chart) without script errors. Skipped otherwise.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChromiumReportTest {
  @TempDir Path dir;

  private static Optional<Path> chromium() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(entry, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void rendersInHeadlessChromiumWithoutScriptErrors() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(
        chromium.isPresent(),
        "chromium is not installed (apt-get install chromium); the report's structure is checked by"
            + " HtmlReportTest");
    Path report = dir.resolve("report.html");
    Files.writeString(report, HtmlReport.render(Reports.sample()));
    Path errors = dir.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(
                chromium.get().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                report.toUri().toString())
            .redirectError(errors.toFile())
            .start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(dom).contains("<svg").contains("pending pods by baseline");
    assertThat(Files.readString(errors)).doesNotContain("Uncaught").doesNotContain("SyntaxError");
  }
}
