package dev.dovetail.cloudprovider;

/**
 * No offering allowed by the request could be launched right now (all were out of capacity). The
 * Machine is deleted and its pods are planned again without the offerings that failed.
 */
public final class InsufficientCapacityException extends CloudProviderException {
  public InsufficientCapacityException(String message) {
    super(message, null);
  }

  public InsufficientCapacityException(String message, Throwable cause) {
    super(message, cause);
  }
}
