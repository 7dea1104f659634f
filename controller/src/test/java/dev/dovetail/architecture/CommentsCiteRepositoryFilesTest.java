package dev.dovetail.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Comments state the rule they follow or cite docs/; they never cite the team's reference notes,
 * which are not in the repository. Reads the Java sources of every module.
 */
@Timeout(30)
class CommentsCiteRepositoryFilesTest {
  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES =
      List.of("controller", "provider-aws", "scheduler-sim");
  private static final Pattern OUTSIDE =
      Pattern.compile(
          "karpenter-behaviour|style-anchors\\.md|scenarios\\.md|test-infra\\.md"
              + "|benchmarks\\.md|peers\\.md|shared/reference|§[0-9]");

  @Test
  void noSourceCitesAFileOutsideTheRepository() throws IOException {
    List<String> offenders =
        javaSources()
            .filter(f -> !f.endsWith(getClass().getSimpleName() + ".java"))
            .filter(this::citesOutside)
            .map(this::name)
            .toList();
    assertThat(offenders).isEmpty();
  }

  @Test
  void theRuleReadsEveryModule() throws IOException {
    assertThat(javaSources().map(this::name).map(f -> f.substring(0, f.indexOf('/'))).distinct())
        .containsExactlyInAnyOrderElementsOf(MODULES);
  }

  private Stream<Path> javaSources() throws IOException {
    Stream<Path> all = Stream.empty();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src"))) {
        all =
            Stream.concat(all, files.filter(f -> f.toString().endsWith(".java")).toList().stream());
      }
    }
    return all;
  }

  private String name(Path file) {
    return ROOT.relativize(file).toString().replace('\\', '/');
  }

  private boolean citesOutside(Path file) {
    try {
      return OUTSIDE.matcher(Files.readString(file)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
