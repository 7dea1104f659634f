package dev.dovetail.cloudprovider;

import java.util.Objects;

/**
 * Reference from a node pool to its cloud-specific node class (for AWS an {@code AWSNodeTemplate}).
 *
 * @param apiVersion e.g. {@code karpenter.k8s.aws/v1alpha1}
 * @param kind e.g. {@code AWSNodeTemplate}
 * @param name the object's name
 */
public record NodeClassRef(String apiVersion, String kind, String name) {
  public NodeClassRef {
    Objects.requireNonNull(name, "name");
    apiVersion = Objects.requireNonNullElse(apiVersion, "");
    kind = Objects.requireNonNullElse(kind, "");
  }

  /** A reference by name only. */
  public static NodeClassRef named(String name) {
    return new NodeClassRef("", "", name);
  }
}
