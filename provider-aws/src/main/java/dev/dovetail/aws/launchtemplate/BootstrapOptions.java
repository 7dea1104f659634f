package dev.dovetail.aws.launchtemplate;

import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.scheduling.Taint;
import java.util.List;
import java.util.Map;

/**
 * What the node's bootstrap needs to join the cluster with the right labels, taints and kubelet
 * flags.
 *
 * @param clusterName EKS cluster name
 * @param clusterEndpoint API server URL
 * @param caBundle base64 cluster CA, or empty
 * @param clusterDnsIp kube-dns ClusterIP, or empty
 * @param labels node labels (restricted {@code node-restriction.kubernetes.io} keys are dropped)
 * @param taints taints and startup taints, registered with the node
 * @param maxPods exact pod capacity of the types sharing this template
 * @param kubelet kubelet configuration
 * @param customUserData the node class's user data, merged with ours, or null
 */
public record BootstrapOptions(
    String clusterName,
    String clusterEndpoint,
    String caBundle,
    String clusterDnsIp,
    Map<String, String> labels,
    List<Taint> taints,
    long maxPods,
    KubeletConfig kubelet,
    String customUserData) {
  public BootstrapOptions {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
  }
}
