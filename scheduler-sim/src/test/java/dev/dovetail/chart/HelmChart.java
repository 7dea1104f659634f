package dev.dovetail.chart;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart under {@code charts/dovetail}, rendered with the Helm 3 library embedded in helm-java.
 * When the native library cannot load on a machine, {@link #load()} skips the calling test with the
 * reason instead of failing it.
 */
final class HelmChart {
  static final String RELEASE = "dovetail";
  static final String NAMESPACE = "dovetail-system";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static String nativeProblem;
  private static boolean probed;

  private final Path directory;
  private final Helm helm;

  private HelmChart(Path directory) {
    this.directory = directory;
    this.helm = new Helm(directory);
  }

  /** The chart; skips the test (an assumption) when helm-java's native library cannot load. */
  static HelmChart load() {
    String problem = probeNative();
    assumeTrue(
        problem == null,
        () ->
            "helm-java's native Helm library cannot load on this machine, chart test skipped: "
                + problem);
    return new HelmChart(chartDirectory());
  }

  private static synchronized String probeNative() {
    if (!probed) {
      probed = true;
      try {
        Helm.version().call();
      } catch (LinkageError | RuntimeException e) {
        nativeProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
    return nativeProblem;
  }

  /**
   * {@code charts/dovetail}, found by walking up from the working directory to the repository root.
   */
  static Path chartDirectory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("mvnw"))
          && Files.isDirectory(dir.resolve("charts/dovetail"))) {
        return dir.resolve("charts/dovetail");
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "cannot find charts/dovetail above " + Path.of("").toAbsolutePath());
  }

  Path directory() {
    return directory;
  }

  Helm helm() {
    return helm;
  }

  /** A test resource of this package as a file path (Helm reads values files from disk). */
  static Path resource(String name) {
    try {
      var url = HelmChart.class.getResource(name);
      if (url == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code helm template} with {@code --set} values and optional values files. */
  Rendered template(Map<String, ?> set, Path... valuesFiles) {
    TemplateCommand command = helm.template().withName(RELEASE).withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, ?> entry : set.entrySet()) {
      command = command.set(entry.getKey(), entry.getValue());
    }
    return Rendered.parse(command.call());
  }

  /** The NOTES.txt that {@code helm install} prints, from a client-only dry run. */
  String notes(Map<String, ?> set, Path... valuesFiles) {
    InstallCommand command =
        helm.install()
            .clientOnly()
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .withName(RELEASE)
            .withNamespace(NAMESPACE);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    for (Map.Entry<String, ?> entry : set.entrySet()) {
      command = command.set(entry.getKey(), entry.getValue());
    }
    return command.call().getOutput();
  }

  /** The documents of one rendering, each with the template file it came from. */
  record Rendered(String yaml, List<Document> documents) {
    static Rendered parse(String yaml) {
      List<Document> documents = new ArrayList<>();
      for (String text : yaml.split("(?m)^---\\s*$")) {
        String source =
            text.lines()
                .filter(line -> line.startsWith("# Source: "))
                .map(line -> line.substring("# Source: ".length()))
                .findFirst()
                .orElse("<unknown>");
        boolean empty = text.lines().allMatch(l -> l.isBlank() || l.startsWith("#"));
        if (!empty) {
          documents.add(new Document(source, text, SERIALIZATION.unmarshal(text)));
        }
      }
      return new Rendered(yaml, List.copyOf(documents));
    }

    /** The only object of {@code type}; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + type.getSimpleName() + " in the rendering, found " + found.size());
      }
      return found.get(0);
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return documents.stream()
          .map(Document::object)
          .filter(type::isInstance)
          .map(type::cast)
          .toList();
    }
  }

  /** One rendered document. */
  record Document(String source, String yaml, HasMetadata object) {}
}
