package dev.dovetail.api.crd;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares generated CRDs with the files under {@code charts/dovetail/crds/}, or rewrites the files
 * when the system property {@code dovetail.crds.update} is {@code true}. Shared with provider-aws
 * through the test-jar.
 */
public final class CrdFiles {
  public static final String UPDATE_PROPERTY = "dovetail.crds.update";

  private CrdFiles() {}

  /** The chart's CRD directory, found by walking up from the working directory. */
  public static Path crdDirectory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw"))
          && Files.isDirectory(dir.resolve("controller"))) {
        return dir.resolve("charts/dovetail/crds");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root above " + Path.of("").toAbsolutePath());
  }

  public static void assertUpToDate(CrdDefinition crd) throws IOException {
    Path file = crdDirectory().resolve(crd.fileName());
    String expected = CrdWriter.toYaml(crd);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, expected, StandardCharsets.UTF_8);
      return;
    }
    String actual = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    if (!expected.equals(actual)) {
      fail(
          "%s is out of date with the Java types (first difference: %s).%n"
              + "Regenerate with: ./mvnw -B test -pl controller,provider-aws -am"
              + " -Dtest='*CrdFilesTest' -Dsurefire.failIfNoSpecifiedTests=false"
              + " -D%s=true",
          file, firstDifference(expected, actual), UPDATE_PROPERTY);
    }
  }

  private static String firstDifference(String expected, String actual) {
    List<String> want = expected.lines().toList();
    List<String> have = actual.lines().toList();
    for (int i = 0; i < Math.max(want.size(), have.size()); i++) {
      String w = i < want.size() ? want.get(i) : "<end of file>";
      String h = i < have.size() ? have.get(i) : "<end of file>";
      if (!w.equals(h)) {
        return "line "
            + (i + 1)
            + ": generated \""
            + w.strip()
            + "\", file has \""
            + h.strip()
            + "\"";
      }
    }
    return "none";
  }
}
