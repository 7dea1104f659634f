package dev.dovetail.sim.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Checks that read like upstream Karpenter's test expectations ({@code ExpectScheduled}, {@code
 * ExpectNotScheduled}, {@code ExpectNotFound}, ...), each reading the object back from the API
 * server first.
 */
public final class Expectations {
  private Expectations() {}

  /** The pod is bound to a node that exists; returns that node. */
  public static Node expectScheduled(KubernetesClient client, Pod pod) {
    Pod current = expectExists(client, pod);
    String nodeName = current.getSpec().getNodeName();
    assertThat(nodeName).as("node of pod %s", key(pod)).isNotBlank();
    Node node = client.nodes().withName(nodeName).get();
    assertThat(node).as("node %s of pod %s", nodeName, key(pod)).isNotNull();
    return node;
  }

  /** The pod exists and is bound to no node. */
  public static void expectNotScheduled(KubernetesClient client, Pod pod) {
    Pod current = expectExists(client, pod);
    assertThat(current.getSpec().getNodeName()).as("node of pod %s", key(pod)).isNullOrEmpty();
  }

  /** Every pod of the namespace is bound to an existing node. */
  public static List<Node> expectAllScheduled(KubernetesClient client, String namespace) {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    assertThat(pods).as("pods in %s", namespace).isNotEmpty();
    return pods.stream().map(p -> expectScheduled(client, p)).toList();
  }

  /** The object exists and is not being deleted; returns it as the server has it now. */
  public static <T extends HasMetadata> T expectExists(KubernetesClient client, T object) {
    T current = client.resource(object).get();
    assertThat(current).as("%s %s", object.getKind(), key(object)).isNotNull();
    return current;
  }

  /**
   * The object is gone, or only waits for its kubelet to finish a graceful deletion (a pod on a
   * real server keeps its deletion timestamp until the kubelet removes it).
   */
  public static void expectDeleted(KubernetesClient client, HasMetadata object) {
    HasMetadata current = client.resource(object).get();
    if (current != null) {
      assertThat(current.getMetadata().getDeletionTimestamp())
          .as("%s %s is being deleted", object.getKind(), key(object))
          .isNotNull();
    }
  }

  /** The object is gone from the API server. */
  public static void expectNotFound(KubernetesClient client, HasMetadata object) {
    assertThat(client.resource(object).get())
        .as("%s %s should be gone", object.getKind(), key(object))
        .isNull();
  }

  private static String key(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
