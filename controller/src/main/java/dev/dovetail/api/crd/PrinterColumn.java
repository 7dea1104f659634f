package dev.dovetail.api.crd;

/**
 * One {@code kubectl get} column.
 *
 * @param priority 0 for the default view, 1 for {@code -o wide}
 */
public record PrinterColumn(
    String name, String type, String jsonPath, String description, int priority) {
  public static PrinterColumn of(String name, String type, String jsonPath, String description) {
    return new PrinterColumn(name, type, jsonPath, description, 0);
  }

  public static PrinterColumn age() {
    return of("Age", "date", ".metadata.creationTimestamp", null);
  }
}
