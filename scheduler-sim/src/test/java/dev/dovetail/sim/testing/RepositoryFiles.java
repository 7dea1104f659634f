package dev.dovetail.sim.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that tests read, found by walking up from the working directory. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository root: the first directory upwards with {@code mvnw} and {@code charts/}. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("charts"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root above " + Path.of("").toAbsolutePath());
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
