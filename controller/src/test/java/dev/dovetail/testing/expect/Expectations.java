package dev.dovetail.testing.expect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Assertions on the cluster as a test states them: {@code expectScheduled(client, pod)} reads like
 * upstream's {@code ExpectScheduled} and hands back the Node for further checks.
 */
public final class Expectations {
  private Expectations() {}

  /** The pod, read again from the API server, is bound to a Node that exists; returns the Node. */
  public static Node expectScheduled(KubernetesClient client, Pod pod) {
    Pod current = current(client, pod);
    String nodeName = current.getSpec().getNodeName();
    assertThat(nodeName).as("node of pod %s", key(pod)).isNotNull();
    Node node = client.nodes().withName(nodeName).get();
    assertThat(node).as("node %s of pod %s", nodeName, key(pod)).isNotNull();
    return node;
  }

  /** The pod, read again from the API server, is bound to no Node. */
  public static void expectNotScheduled(KubernetesClient client, Pod pod) {
    assertThat(current(client, pod).getSpec().getNodeName())
        .as("node of pod %s", key(pod))
        .isNull();
  }

  private static Pod current(KubernetesClient client, Pod pod) {
    Pod current =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .get();
    assertThat(current).as("pod %s", key(pod)).isNotNull();
    return current;
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
