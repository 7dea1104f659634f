package dev.dovetail.aws.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the reference data directory ({@code shared/data}): system property {@code
 * dovetail.shared.data}, else env {@code DOVETAIL_SHARED_DATA}, else a {@code shared/data} beside
 * an ancestor of the working directory.
 */
public final class SharedData {
  private SharedData() {}

  public static Optional<Path> find() {
    String prop = System.getProperty("dovetail.shared.data");
    if (prop != null && !prop.isBlank()) {
      return Optional.of(Path.of(prop)).filter(Files::isDirectory);
    }
    String env = System.getenv("DOVETAIL_SHARED_DATA");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(Files::isDirectory);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("data");
      if (Files.isRegularFile(candidate.resolve("instance-types.csv"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The directory, or skips the test with a message saying how to provide it. */
  public static Path require() {
    Optional<Path> dir = find();
    assumeTrue(
        dir.isPresent(),
        "reference data shared/data not found (set -Ddovetail.shared.data or DOVETAIL_SHARED_DATA);"
            + " skipping");
    return dir.get();
  }
}
