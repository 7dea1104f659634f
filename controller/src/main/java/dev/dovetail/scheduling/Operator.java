package dev.dovetail.scheduling;

/** A node selector operator, as in Kubernetes {@code NodeSelectorRequirement.operator}. */
public enum Operator {
  /** The label has one of the values. */
  IN("In"),
  /** The label is absent or has none of the values. */
  NOT_IN("NotIn"),
  /** The label is present, with any value. */
  EXISTS("Exists"),
  /** The label is absent. */
  DOES_NOT_EXIST("DoesNotExist"),
  /** The label is an integer greater than the single value. */
  GT("Gt"),
  /** The label is an integer less than the single value. */
  LT("Lt");

  private final String kubernetesName;

  Operator(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  /** The name used in manifests ({@code In}, {@code NotIn}, …). */
  public String kubernetesName() {
    return kubernetesName;
  }

  /**
   * The operator for a manifest name.
   *
   * @throws IllegalArgumentException naming the allowed operators
   */
  public static Operator fromKubernetes(String name) {
    for (Operator op : values()) {
      if (op.kubernetesName.equals(name)) {
        return op;
      }
    }
    throw new IllegalArgumentException(
        "unknown operator \"" + name + "\"; use In, NotIn, Exists, DoesNotExist, Gt or Lt");
  }

  @Override
  public String toString() {
    return kubernetesName;
  }
}
