package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * An in-process Kubernetes API: the fabric8 mock server in CRUD mode behind {@link
 * ExtendedCrudDispatcher}, on loopback over plain HTTP. Tests start it on a random port; the demo
 * starts it on a fixed port and writes a kubeconfig so that {@code kubectl} can be used against it
 * ({@code kubectl apply} needs {@code --validate=false}: there is no OpenAPI document).
 *
 * <p>Close it to stop the server and every client it created.
 */
public final class EmbeddedKubeApi implements KubeApiServer {
  /** The context, cluster and user name written to kubeconfig files. */
  public static final String CONTEXT_NAME = "dovetail-embedded";

  // The mock web server logs every request through java.util.logging at INFO; a strong reference
  // keeps the level from being lost when the logger is garbage collected.
  private static final java.util.logging.Logger MOCK_SERVER_LOG = quietMockServerLog();

  private final KubernetesMockServer server;
  private final ExtendedCrudDispatcher dispatcher;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private EmbeddedKubeApi(Clock clock) {
    this.dispatcher = new ExtendedCrudDispatcher(clock);
    this.server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
  }

  private static java.util.logging.Logger quietMockServerLog() {
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  /** Starts on a random free loopback port with the system clock. */
  public static EmbeddedKubeApi start() {
    return start(Clock.systemUTC(), 0);
  }

  /**
   * Starts on {@code port} of 127.0.0.1 (0 picks a free one). Creation and deletion timestamps come
   * from {@code clock}.
   */
  public static EmbeddedKubeApi start(Clock clock, int port) {
    EmbeddedKubeApi api = new EmbeddedKubeApi(clock);
    try {
      api.server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("resolving the loopback address", e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "starting the embedded API server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return api;
  }

  @Override
  public String kind() {
    return "embedded";
  }

  /**
   * Calls {@code listener} with the request path and stored object (null after a delete) of every
   * change.
   */
  public void onWrite(
      java.util.function.BiConsumer<String, io.fabric8.kubernetes.api.model.HasMetadata> listener) {
    dispatcher.onWrite(listener);
  }

  /**
   * Answers the creation of Kubernetes Events without storing them (see {@link
   * ExtendedCrudDispatcher#discardEvents()}).
   */
  public void discardEvents() {
    dispatcher.discardEvents();
  }

  /** Requests served so far by method and resource, for profiling. */
  public java.util.Map<String, Long> requestCounts() {
    return dispatcher.requestCounts();
  }

  /** The base URL, for example {@code http://127.0.0.1:18080}. */
  @Override
  public String url() {
    // The server listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /**
   * A client configuration for this server, namespace {@code default}. The client does not retry
   * 429 and 5xx answers (fabric8 would back off for about 20 s by default): an eviction refused by
   * a PodDisruptionBudget comes back at once, as callers that run their own backoff want.
   */
  @Override
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(5_000)
        .withConnectionTimeout(5_000)
        .build();
  }

  /**
   * A client transport whose plain requests to this server are answered in process (watches still
   * go over HTTP); see {@link InProcessTransport}. For callers that make many requests, like a
   * simulation: {@code new KubernetesClientBuilder().withHttpClientFactory(...)}.
   */
  public io.fabric8.kubernetes.client.http.HttpClient.Factory inProcessTransport() {
    return new InProcessTransport(
            io.fabric8.kubernetes.client.utils.HttpClientUtils.getHttpClientFactory(),
            java.net.URI.create(url()),
            dispatcher::dispatch)
        .factory();
  }

  /** A new client for this server; it is closed with the server. */
  @Override
  public synchronized KubernetesClient newClient() {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
    clients.add(client);
    return client;
  }

  /** Writes a kubeconfig that points {@code kubectl} at this server and returns its path. */
  @Override
  public Path writeKubeconfig(Path file) {
    return Kubeconfig.write(file, CONTEXT_NAME, url(), null, "embedded");
  }

  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    server.shutdown();
  }

  /**
   * Serves until killed: {@code EmbeddedKubeApi [--port N] [--kubeconfig FILE]} (defaults 18080 and
   * {@code ./kubeconfig-embedded}).
   */
  public static void main(String[] args) throws InterruptedException {
    int port = 18080;
    Path kubeconfig = Path.of("kubeconfig-embedded");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
        case "--kubeconfig" -> kubeconfig = Path.of(value(args, ++i, "--kubeconfig"));
        default -> {
          System.err.println("error: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    try (EmbeddedKubeApi api = start(Clock.systemUTC(), port)) {
      api.writeKubeconfig(kubeconfig);
      System.out.println("embedded API server on " + api.url() + "; kubeconfig: " + kubeconfig);
      Thread.currentThread().join();
    }
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      System.err.println("error: " + option + " needs a value");
      System.exit(2);
    }
    return args[index];
  }
}
