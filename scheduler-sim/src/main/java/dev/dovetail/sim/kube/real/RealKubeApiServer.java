package dev.dovetail.sim.kube.real;

import dev.dovetail.sim.kube.KubeApiServer;
import dev.dovetail.sim.kube.Kubeconfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A real etcd and kube-apiserver (the binaries of {@link KubeBinaries}) on free 127.0.0.1 ports,
 * with a temporary data directory, RBAC authorization, a static token for the administrator (group
 * {@code system:masters}) and service-account tokens signed with a key generated here. The API
 * server generates its own self-signed serving certificate; clients trust exactly that certificate.
 * No controller-manager, scheduler or kubelet runs: nothing garbage-collects owner references,
 * creates ReplicaSets, binds pods, finishes graceful pod deletion or finalizes namespaces.
 *
 * <p>Close it to stop both processes and delete the data. A JVM shutdown hook does the same, and a
 * later start kills processes left behind by a JVM that was killed outright.
 */
public final class RealKubeApiServer implements KubeApiServer {
  /** The context, cluster and user name written to kubeconfig files. */
  public static final String CONTEXT_NAME = "dovetail-real";

  private static final String WORK_DIR_PREFIX = "dovetail-kube-";
  private static final String AUDIT_LOG = "audit.log";
  private static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc";

  private final Path workDir;
  private final int port;
  private final String adminToken;
  private final Process etcd;
  private final Process apiserver;
  private final Thread shutdownHook;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private boolean closed;

  private RealKubeApiServer(
      Path workDir, int port, String adminToken, Process etcd, Process apiserver) {
    this.workDir = workDir;
    this.port = port;
    this.adminToken = adminToken;
    this.etcd = etcd;
    this.apiserver = apiserver;
    this.shutdownHook = new Thread(this::stopProcesses, "real-kube-api-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts etcd and kube-apiserver and waits until {@code /readyz} answers 200. */
  public static RealKubeApiServer start(KubeBinaries binaries, Duration readyTimeout) {
    StaleServers.reap(WORK_DIR_PREFIX);
    Path workDir;
    try {
      workDir = Files.createTempDirectory(WORK_DIR_PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating a data directory for etcd", e);
    }
    String adminToken = randomToken();
    int etcdPort = freePort();
    int peerPort = freePort();
    int apiPort = freePort();
    Process etcd = null;
    Process apiserver = null;
    try {
      writeServiceAccountKey(workDir.resolve("sa.key"));
      Files.writeString(workDir.resolve("audit-policy.yaml"), AuditEvent.POLICY);
      Files.writeString(
          workDir.resolve("tokens.csv"),
          adminToken + ",dovetail-admin,dovetail-admin,\"system:masters\"\n");
      String etcdUrl = "http://127.0.0.1:" + etcdPort;
      String peerUrl = "http://127.0.0.1:" + peerPort;
      etcd =
          launch(
              workDir,
              "etcd",
              List.of(
                  binaries.etcd().toString(),
                  "--name=default",
                  "--data-dir=" + workDir.resolve("etcd"),
                  "--listen-client-urls=" + etcdUrl,
                  "--advertise-client-urls=" + etcdUrl,
                  "--listen-peer-urls=" + peerUrl,
                  "--initial-advertise-peer-urls=" + peerUrl,
                  "--initial-cluster=default=" + peerUrl,
                  "--unsafe-no-fsync=true",
                  "--log-level=warn"));
      apiserver =
          launch(
              workDir,
              "kube-apiserver",
              List.of(
                  binaries.apiserver().toString(),
                  "--etcd-servers=" + etcdUrl,
                  "--bind-address=127.0.0.1",
                  "--advertise-address=127.0.0.1",
                  "--secure-port=" + apiPort,
                  "--cert-dir=" + workDir.resolve("certs"),
                  "--token-auth-file=" + workDir.resolve("tokens.csv"),
                  "--authorization-mode=RBAC",
                  "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
                  "--service-account-key-file=" + workDir.resolve("sa.key"),
                  "--service-account-signing-key-file=" + workDir.resolve("sa.key"),
                  "--service-cluster-ip-range=10.0.0.0/24",
                  // Without a controller-manager no namespace gets its "default" ServiceAccount,
                  // and this plugin would refuse every pod that names none.
                  "--disable-admission-plugins=ServiceAccount",
                  "--allow-privileged=true",
                  "--audit-policy-file=" + workDir.resolve("audit-policy.yaml"),
                  "--audit-log-path=" + workDir.resolve(AUDIT_LOG),
                  "--audit-log-format=json",
                  "--profiling=false"));
      RealKubeApiServer server =
          new RealKubeApiServer(workDir, apiPort, adminToken, etcd, apiserver);
      try {
        server.awaitReady(readyTimeout);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      destroy(apiserver);
      destroy(etcd);
      throw new UncheckedIOException("starting etcd and kube-apiserver in " + workDir, e);
    }
  }

  private static Process launch(Path workDir, String name, List<String> command)
      throws IOException {
    return new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve(name + ".log").toFile())
        .start();
  }

  private void awaitReady(Duration timeout) {
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(ServingCertificate.sslContext(servingCertificate(), timeout))
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + "/readyz"))
            .header("Authorization", "Bearer " + adminToken)
            .timeout(Duration.ofSeconds(5))
            .build();
    String[] last = {"no answer"};
    Poll readyz = new Poll(Poll.REAL.clock(), Poll.REAL.sleeper(), Duration.ofMillis(200));
    boolean ready =
        readyz.until(
            () -> {
              if (!etcd.isAlive() || !apiserver.isAlive()) {
                throw new IllegalStateException(
                    (etcd.isAlive() ? "kube-apiserver" : "etcd")
                        + " exited during start; its log ends with:\n"
                        + logTail(etcd.isAlive() ? "kube-apiserver" : "etcd"));
              }
              try {
                HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
                last[0] = response.statusCode() + " " + response.body();
                return response.statusCode() == 200;
              } catch (IOException e) {
                last[0] = e.toString();
                return false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kube-apiserver", e);
              }
            },
            timeout,
            "kube-apiserver");
    if (!ready) {
      throw new IllegalStateException(
          "kube-apiserver on "
              + url()
              + " not ready within "
              + timeout.toSeconds()
              + " s (last /readyz: "
              + last[0]
              + "); its log ends with:\n"
              + logTail("kube-apiserver"));
    }
  }

  /** The last lines of a process's log, for error messages. */
  public String logTail(String process) {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve(process + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The self-signed certificate kube-apiserver wrote into its certificate directory. */
  private Path servingCertificate() {
    return workDir.resolve("certs").resolve("apiserver.crt");
  }

  @Override
  public String kind() {
    return "real";
  }

  @Override
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  @Override
  public Config config() {
    return config(adminToken);
  }

  private Config config(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertFile(servingCertificate().toString())
        .withOauthToken(token)
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        .withRequestTimeout(10_000)
        .withConnectionTimeout(5_000)
        .build();
  }

  @Override
  public synchronized KubernetesClient newClient() {
    return track(new KubernetesClientBuilder().withConfig(config()).build());
  }

  /**
   * A client configuration authenticated as the service account {@code namespace/name}, with a
   * token from the TokenRequest API (valid for an hour). The namespace and the service account are
   * created when missing; what the client may do is whatever RBAC grants that account.
   */
  public Config serviceAccountConfig(String namespace, String name) {
    try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config()).build()) {
      if (admin.namespaces().withName(namespace).get() == null) {
        admin
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
      if (admin.serviceAccounts().inNamespace(namespace).withName(name).get() == null) {
        admin
            .serviceAccounts()
            .inNamespace(namespace)
            .resource(
                new ServiceAccountBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withName(name)
                    .endMetadata()
                    .build())
            .create();
      }
      TokenRequest granted =
          admin
              .serviceAccounts()
              .inNamespace(namespace)
              .withName(name)
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withAudiences(SERVICE_ACCOUNT_ISSUER)
                      .withExpirationSeconds(3600L)
                      .endSpec()
                      .build());
      Config config = config(granted.getStatus().getToken());
      config.setNamespace(namespace);
      return config;
    }
  }

  private KubernetesClient track(KubernetesClient client) {
    clients.add(client);
    return client;
  }

  @Override
  public Path writeKubeconfig(Path file) {
    return Kubeconfig.write(file, CONTEXT_NAME, url(), servingCertificate().toString(), adminToken);
  }

  /**
   * What the server has done for service accounts so far, from its audit log (requests by other
   * users are not recorded).
   */
  public List<AuditEvent> serviceAccountRequests() {
    return AuditEvent.read(workDir.resolve(AUDIT_LOG));
  }

  /** Whether both processes are still running. */
  public boolean isRunning() {
    return etcd.isAlive() && apiserver.isAlive();
  }

  /** The process ids of kube-apiserver and etcd, for checks that nothing is left running. */
  public List<Long> pids() {
    return List.of(apiserver.pid(), etcd.pid());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    clients.forEach(KubernetesClient::close);
    clients.clear();
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run.
    }
  }

  private void stopProcesses() {
    destroy(apiserver);
    destroy(etcd);
    StaleServers.deleteTree(workDir);
  }

  private static void destroy(Process process) {
    if (process == null) {
      return;
    }
    // The data directory is thrown away, so there is nothing to shut down gracefully for.
    process.destroyForcibly();
    try {
      process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("finding a free loopback port", e);
    }
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** An RSA key for signing and verifying service-account tokens, PKCS#8 PEM. */
  private static void writeServiceAccountKey(Path file) throws IOException {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
              + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(file, pem);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }
}
