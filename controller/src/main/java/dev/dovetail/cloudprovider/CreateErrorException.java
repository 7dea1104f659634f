package dev.dovetail.cloudprovider;

/**
 * Launching failed for another reason (unauthorized, invalid parameter, throttled after retries);
 * retried with backoff by the lifecycle controller.
 */
public final class CreateErrorException extends CloudProviderException {
  private final String reason;

  /**
   * @param reason a short machine-readable reason, e.g. {@code Unauthorized}, {@code
   *     LaunchTemplateError}
   * @param message what happened, for people
   */
  public CreateErrorException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public CreateErrorException(String reason, String message) {
    this(reason, message, null);
  }

  public String reason() {
    return reason;
  }
}
