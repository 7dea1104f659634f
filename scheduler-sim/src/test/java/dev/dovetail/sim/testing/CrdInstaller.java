package dev.dovetail.sim.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        resource.waitUntilCondition(CrdInstaller::established, 60, TimeUnit.SECONDS);
        awaitServed(client, crd);
      }
    }
  }

  /**
   * Waits until listing the new kind works: a real server answers 429 "storage is (re)initializing"
   * for a moment after it reports the CRD Established.
   */
  private static void awaitServed(KubernetesClient client, CustomResourceDefinition crd) {
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(crd.getSpec().getGroup())
            .withVersion(crd.getSpec().getVersions().get(0).getName())
            .withPlural(crd.getSpec().getNames().getPlural())
            .withKind(crd.getSpec().getNames().getKind())
            .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
            .build();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 429)
        .until(() -> client.genericKubernetesResources(context).list() != null);
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
