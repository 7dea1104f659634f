package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * A Kubernetes API server that the demo and the end-to-end tests run against: the in-process {@link
 * EmbeddedKubeApi} or a real kube-apiserver ({@link dev.dovetail.sim.kube.real.RealKubeApiServer}).
 * Close it to stop the server and every client it created.
 */
public interface KubeApiServer extends AutoCloseable {
  /** A short name for messages: {@code embedded} or {@code real}. */
  String kind();

  /** The base URL. */
  String url();

  /** An administrator's client configuration, namespace {@code default}. */
  Config config();

  /** A new administrator's client; it is closed with the server. */
  KubernetesClient newClient();

  /** Writes a kubeconfig that points {@code kubectl} at this server and returns its path. */
  Path writeKubeconfig(Path file);

  @Override
  void close();
}
