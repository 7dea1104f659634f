package dev.dovetail.api.validation;

/**
 * A field path in Kubernetes notation: {@code spec.requirements[0].key}, {@code spec.labels[team]}.
 * Immutable; each step returns a new path.
 */
public final class FieldPath {
  private final String path;

  private FieldPath(String path) {
    this.path = path;
  }

  public static FieldPath root(String name) {
    return new FieldPath(name);
  }

  public FieldPath child(String name) {
    return new FieldPath(path.isEmpty() ? name : path + "." + name);
  }

  public FieldPath index(int i) {
    return new FieldPath(path + "[" + i + "]");
  }

  public FieldPath key(String key) {
    return new FieldPath(path + "[" + key + "]");
  }

  @Override
  public String toString() {
    return path;
  }
}
