package dev.dovetail.cloudprovider;

/**
 * A failure of the {@link CloudProvider}, one of a closed set of kinds the controllers react to
 * differently.
 */
public abstract sealed class CloudProviderException extends RuntimeException
    permits InsufficientCapacityException,
        MachineNotFoundException,
        NodeClassNotReadyException,
        CreateErrorException {
  protected CloudProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
