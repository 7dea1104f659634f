package dev.dovetail.cloudprovider;

/**
 * The machine does not exist (any more): for {@code get}, and for {@code delete} once it is gone.
 */
public final class MachineNotFoundException extends CloudProviderException {
  private final String providerId;

  public MachineNotFoundException(String providerId, String message) {
    super(message, null);
    this.providerId = providerId;
  }

  public String providerId() {
    return providerId;
  }
}
