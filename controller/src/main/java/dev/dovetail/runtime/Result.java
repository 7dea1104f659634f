package dev.dovetail.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What a reconcile asks of the runtime next: nothing ({@link Done}), another run after a delay
 * ({@link RequeueAfter}), or a retry with per-key exponential backoff ({@link Failed}).
 */
public sealed interface Result {

  /** The object is reconciled; its backoff is reset. */
  record Done() implements Result {}

  /** Reconcile again after {@code delay}; the backoff is reset. */
  record RequeueAfter(Duration delay) implements Result {
    public RequeueAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("requeue delay must not be negative: " + delay);
      }
    }
  }

  /** The reconcile failed; it is retried after the key's next backoff step. */
  record Failed(Throwable cause) implements Result {
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  static Result done() {
    return new Done();
  }

  static Result requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  static Result failed(Throwable cause) {
    return new Failed(cause);
  }

  /** A short name for metrics and logs: {@code success}, {@code requeue_after} or {@code error}. */
  default String label() {
    return switch (this) {
      case Done d -> "success";
      case RequeueAfter r -> "requeue_after";
      case Failed f -> "error";
    };
  }
}
