package dev.dovetail.sim.testing;

import dev.dovetail.sim.kube.real.CrdReadiness;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Installs the CRDs of {@code charts/dovetail/crds}, as {@code helm install} does. */
public final class CrdInstaller {
  private CrdInstaller() {}

  public static List<CustomResourceDefinition> chartCrds() {
    try (Stream<Path> files = Files.list(RepositoryFiles.resolve("charts/dovetail/crds"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(CrdInstaller::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing charts/dovetail/crds", e);
    }
  }

  private static CustomResourceDefinition read(Path file) {
    try {
      return Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /**
   * Creates the chart's CRDs; with {@code awaitEstablished} waits until the server serves them (a
   * real server takes a moment, the embedded one serves them at once).
   */
  public static void install(KubernetesClient client, boolean awaitEstablished) {
    for (CustomResourceDefinition crd : chartCrds()) {
      var resource = client.apiextensions().v1().customResourceDefinitions().resource(crd);
      resource.create();
      if (awaitEstablished) {
        CrdReadiness.awaitServed(client, crd, Duration.ofSeconds(60));
      }
    }
  }
}
