package dev.dovetail.aws.controllers.interruption.messages;

/** A queue message that is not an EventBridge event the parser can read; it is deleted. */
public final class UnparseableMessageException extends Exception {
  public UnparseableMessageException(String message) {
    super(message);
  }
}
