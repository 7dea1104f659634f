package dev.dovetail.aws.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Completes the settings nodes need to join: the API server endpoint ({@code clusterEndpoint}, else
 * {@code eks:DescribeCluster}) and the cluster CA bundle (the one the controller itself trusts: the
 * service account's CA in the cluster, the kubeconfig's outside; else the one EKS reports), which
 * AL2023 nodeadm and Bottlerocket need and AL2/Ubuntu/Windows pass on.
 */
public final class ClusterDiscovery {
  /** What {@code eks:DescribeCluster} says about a cluster. */
  public record EksCluster(String endpoint, String caBundle) {}

  /** Where the controller's own Kubernetes client finds its CA: inline base64 data or a file. */
  public record KubeCa(String data, String file) {}

  private ClusterDiscovery() {}

  /**
   * @param describe {@code eks:DescribeCluster} by cluster name; called only when the endpoint or
   *     the CA is not known otherwise
   * @throws IllegalArgumentException naming {@code settings.aws.clusterEndpoint} when the endpoint
   *     cannot be discovered
   */
  public static AwsSettings complete(
      AwsSettings settings, KubeCa kubeCa, Function<String, EksCluster> describe) {
    String endpoint = settings.clusterEndpoint();
    Optional<String> ca = caBundle(kubeCa);
    if (endpoint.isEmpty() || ca.isEmpty()) {
      EksCluster cluster;
      try {
        cluster = describe.apply(settings.clusterName());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "settings.aws.clusterEndpoint is empty and eks:DescribeCluster for "
                + settings.clusterName()
                + " failed: "
                + e.getMessage()
                + " (set --cluster-endpoint or allow eks:DescribeCluster)",
            e);
      }
      if (endpoint.isEmpty()) {
        endpoint = cluster.endpoint();
        String error = ClusterIdentityRules.endpointError(endpoint);
        if (error != null) {
          throw new IllegalArgumentException(
              "settings.aws.clusterEndpoint from eks:DescribeCluster " + error);
        }
      }
      if (ca.isEmpty() && cluster.caBundle() != null) {
        ca = Optional.of(cluster.caBundle());
      }
    }
    return settings.withCluster(endpoint, ca.orElse(""));
  }

  /** The controller's CA as one line of base64, when its client has one. */
  static Optional<String> caBundle(KubeCa kubeCa) {
    if (kubeCa.data() != null && !kubeCa.data().isBlank()) {
      return Optional.of(kubeCa.data().strip());
    }
    if (kubeCa.file() != null && !kubeCa.file().isBlank()) {
      try {
        byte[] pem = Files.readAllBytes(Path.of(kubeCa.file()));
        if (pem.length > 0) {
          return Optional.of(Base64.getEncoder().encodeToString(pem));
        }
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
