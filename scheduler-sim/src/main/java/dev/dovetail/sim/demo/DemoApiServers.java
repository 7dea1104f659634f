package dev.dovetail.sim.demo;

import dev.dovetail.sim.kube.EmbeddedKubeApi;
import dev.dovetail.sim.kube.KubeApiServer;
import dev.dovetail.sim.kube.real.CrdReadiness;
import dev.dovetail.sim.kube.real.KubeBinaries;
import dev.dovetail.sim.kube.real.RealKubeApiServer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The API server the demo runs on: {@value #EMBEDDED} (the default, in-process) or {@value #REAL}
 * (etcd and kube-apiserver built by {@value KubeBinaries#BUILD_SCRIPT}).
 */
public final class DemoApiServers {
  public static final String EMBEDDED = "embedded";
  public static final String REAL = "real";
  public static final List<String> KINDS = List.of(EMBEDDED, REAL);

  private DemoApiServers() {}

  /** Starts the server of {@code kind}; a user error when the real binaries are not built. */
  public static KubeApiServer start(String kind, Clock clock) {
    return switch (kind) {
      case EMBEDDED -> EmbeddedKubeApi.start(clock, 0);
      case REAL ->
          RealKubeApiServer.start(
              KubeBinaries.find()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--api-server real: " + KubeBinaries.missingMessage())),
              Duration.ofSeconds(120));
      default ->
          throw new IllegalArgumentException(
              "--api-server must be one of " + KINDS + ", not " + kind);
    };
  }

  /**
   * Waits until a real server serves the CRDs just created: it establishes them asynchronously and
   * then answers 429 "storage is (re)initializing" for a moment. The embedded server serves them at
   * once.
   */
  public static void awaitCrds(KubeApiServer api, KubernetesClient client) {
    if (!(api instanceof RealKubeApiServer)) {
      return;
    }
    for (CustomResourceDefinition crd :
        client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      CrdReadiness.awaitServed(client, crd, Duration.ofSeconds(60));
    }
  }
}
