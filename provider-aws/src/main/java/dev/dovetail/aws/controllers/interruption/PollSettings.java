package dev.dovetail.aws.controllers.interruption;

import java.time.Duration;

/**
 * How the queue is read: messages per ReceiveMessage, their visibility timeout, the long-poll wait
 * and how many messages are handled at once.
 */
public record PollSettings(
    int maxMessages, Duration visibilityTimeout, Duration waitTime, int workers) {
  /** Upstream's values: 10 messages, 20 s visibility, 20 s long poll, 10 handlers. */
  public static final PollSettings UPSTREAM =
      new PollSettings(10, Duration.ofSeconds(20), Duration.ofSeconds(20), 10);

  public PollSettings {
    if (maxMessages < 1 || maxMessages > 10) {
      throw new IllegalArgumentException("maxMessages must be in [1, 10], got " + maxMessages);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be positive, got " + workers);
    }
  }
}
