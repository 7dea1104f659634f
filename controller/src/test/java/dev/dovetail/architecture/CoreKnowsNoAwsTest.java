package dev.dovetail.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core is cloud neutral: its main sources never name the AWS provider's API group, labels or
 * kinds. A provider contributes those through {@code ProviderConventions}. Class files cannot show
 * string constants, so the rule reads the sources.
 */
@Timeout(30)
class CoreKnowsNoAwsTest {
  private static final Path SOURCES = Path.of("src/main");
  private static final String AWS_GROUP = "karpenter.k8s.aws";

  /**
   * Core sources still allowed to name the group while they move behind the provider: none left.
   * This list may only shrink.
   */
  private static final Set<String> PENDING = Set.of();

  @Test
  void noCoreSourceMentionsTheAwsApiGroup() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      offenders =
          files
              .filter(Files::isRegularFile)
              .filter(CoreKnowsNoAwsTest::mentionsAws)
              .map(f -> SOURCES.relativize(f).toString().replace('\\', '/'))
              .filter(f -> !PENDING.contains(f))
              .sorted()
              .toList();
    }
    assertThat(offenders).as("core sources naming " + AWS_GROUP).isEmpty();
  }

  @Test
  void theRuleReadsTheCoreSources() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isGreaterThan(100);
    }
    assertThat(PENDING).allMatch(f -> Files.isRegularFile(SOURCES.resolve(f)));
  }

  private static boolean mentionsAws(Path file) {
    try {
      return Files.readString(file).contains(AWS_GROUP);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
