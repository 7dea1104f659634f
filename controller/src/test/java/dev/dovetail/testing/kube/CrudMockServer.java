package dev.dovetail.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;

/**
 * The stock fabric8 CRUD mock server over plain HTTP on loopback, for controller-module tests that
 * need an API but none of the fixes of scheduler-sim's {@code EmbeddedKubeApi} (which this module
 * cannot see). Plain HTTP starts much faster than the TLS server of
 * {@code @EnableKubernetesMockClient}. The client does not retry 429 and 5xx answers.
 */
public final class CrudMockServer implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;

  public CrudMockServer() {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(server.url("/"))
            .withNamespace("default")
            .withHttp2Disable(true)
            .withRequestRetryBackoffLimit(0)
            .build();
    client = new KubernetesClientBuilder().withConfig(config).build();
  }

  public KubernetesClient client() {
    return client;
  }

  /** Deletes every stored object. */
  public void reset() {
    server.reset();
  }

  @Override
  public void close() {
    client.close();
    server.shutdown();
  }
}
