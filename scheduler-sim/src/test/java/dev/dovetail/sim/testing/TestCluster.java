package dev.dovetail.sim.testing;

import dev.dovetail.sim.kube.KubeApiServer;
import dev.dovetail.sim.kube.real.RealKubeApiServer;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * One test's view of the API server that {@link KubeApiExtension} chose for it: an administrator's
 * client, more clients for more replicas, and the fake clock the controllers should run on. On
 * {@code EmbeddedKubeApi} the server is new for each test and stamps objects from the fake clock;
 * on a real kube-apiserver ({@link RealKubeApi}) the server is shared, emptied before each test,
 * and stamps objects from the wall clock, so the fake clock starts at the wall-clock time.
 */
public final class TestCluster implements AutoCloseable {
  private final KubeApiServer server;
  private final boolean ownsServer;
  private final FakeClock clock;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final KubernetesClient client;

  TestCluster(KubeApiServer server, boolean ownsServer, FakeClock clock) {
    this.server = server;
    this.ownsServer = ownsServer;
    this.clock = clock;
    this.client = newClient();
  }

  public boolean isReal() {
    return server instanceof RealKubeApiServer;
  }

  public KubeApiServer server() {
    return server;
  }

  public FakeClock clock() {
    return clock;
  }

  /** The administrator's client. */
  public KubernetesClient client() {
    return client;
  }

  /** A new administrator's client, closed after the test. */
  public synchronized KubernetesClient newClient() {
    KubernetesClient created = new KubernetesClientBuilder().withConfig(server.config()).build();
    clients.add(created);
    return created;
  }

  /**
   * A client authenticated as the service account {@code namespace/name} (created when missing);
   * RBAC decides what it may do. The embedded server has no authorization: there it is an
   * administrator's client.
   */
  public synchronized KubernetesClient serviceAccountClient(String namespace, String name) {
    if (!(server instanceof RealKubeApiServer real)) {
      return newClient();
    }
    KubernetesClient created =
        new KubernetesClientBuilder()
            .withConfig(real.serviceAccountConfig(namespace, name))
            .build();
    clients.add(created);
    return created;
  }

  /**
   * Creates {@code object} with its status. A real server ignores the status of most kinds on
   * create (a pod always starts Pending), as a kubelet or controller would write it afterwards
   * through the status subresource, so this writes it the same way.
   */
  public <T extends HasMetadata> T createWithStatus(T object) {
    Object status = status(object);
    T created = client.resource(object).create();
    if (status == null) {
      return created;
    }
    setStatus(created, status);
    return client.resource(created).updateStatus();
  }

  private static Object status(HasMetadata object) {
    try {
      return object.getClass().getMethod("getStatus").invoke(object);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static void setStatus(HasMetadata object, Object status) {
    for (Method method : object.getClass().getMethods()) {
      if (method.getName().equals("setStatus") && method.getParameterCount() == 1) {
        try {
          method.invoke(object, status);
          return;
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("setting the status of " + object.getKind(), e);
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    clients.forEach(KubernetesClient::close);
    clients.clear();
    if (ownsServer) {
      server.close();
    }
  }
}
