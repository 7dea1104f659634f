package dev.dovetail.cloudprovider;

/**
 * The node class cannot be used to launch yet (missing, or a selector matches nothing); the message
 * names the node class and the field.
 */
public final class NodeClassNotReadyException extends CloudProviderException {
  public NodeClassNotReadyException(String message) {
    super(message, null);
  }
}
