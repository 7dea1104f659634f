package dev.dovetail.aws.controllers.interruption;

import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage;
import dev.dovetail.aws.controllers.interruption.messages.MessageParser;
import dev.dovetail.aws.controllers.interruption.messages.UnparseableMessageException;
import dev.dovetail.runtime.Result;
import dev.dovetail.runtime.SingletonReconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The interruption poller (docs/design/interruption.md), one pass per long-polling ReceiveMessage:
 * the messages are handled in parallel; each is deleted after it was handled, or at once when it
 * cannot be parsed; a message whose handling failed stays in the queue and comes back after its
 * visibility timeout. A missing queue fails the pass (retried with backoff) and makes the next pass
 * look the queue URL up again.
 */
public final class InterruptionController implements SingletonReconciler {
  /** The controller name in logs and metrics. */
  public static final String NAME = "interruption";

  private static final Logger LOG = LoggerFactory.getLogger("controller.interruption");

  private final InterruptionQueue queue;
  private final MessageParser parser = new MessageParser();
  private final InterruptionHandler handler;
  private final InterruptionMetrics metrics;
  private final Clock clock;
  private final Executor workers;

  /**
   * @param workers runs the handlers of one batch (10 threads in the daemon)
   */
  public InterruptionController(
      InterruptionQueue queue,
      InterruptionHandler handler,
      InterruptionMetrics metrics,
      Clock clock,
      Executor workers) {
    this.queue = queue;
    this.handler = handler;
    this.metrics = metrics;
    this.clock = clock;
    this.workers = workers;
  }

  @Override
  public Result reconcile() {
    List<Message> messages;
    try {
      messages = queue.receive();
    } catch (QueueDoesNotExistException e) {
      LOG.atError()
          .addKeyValue("queue", queue.name())
          .log("interruption queue does not exist; looking it up again after backoff");
      return Result.failed(e);
    } catch (SdkException e) {
      LOG.atError()
          .addKeyValue("queue", queue.name())
          .addKeyValue("error", e.getMessage())
          .log("receiving interruption messages");
      return Result.failed(e);
    }
    CompletableFuture.allOf(
            messages.stream()
                .map(m -> CompletableFuture.runAsync(() -> handle(m), workers))
                .toArray(CompletableFuture[]::new))
        .join();
    return Result.done();
  }

  /** Handles one message; never throws, so one message cannot stop the others. */
  void handle(Message message) {
    InterruptionMessage parsed;
    try {
      parsed = parser.parse(message.body());
    } catch (UnparseableMessageException | RuntimeException e) {
      metrics.received(InterruptionMetrics.UNPARSEABLE);
      LOG.atError()
          .addKeyValue("queue", queue.name())
          .addKeyValue("message-id", message.messageId())
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("parsing interruption message, deleting it");
      delete(message);
      return;
    }
    metrics.received(parsed.kind());
    sentAt(parsed, message).ifPresent(at -> metrics.latency(Duration.between(at, clock.instant())));
    try {
      handler.handle(parsed);
    } catch (RuntimeException e) {
      LOG.atError()
          .addKeyValue("queue", queue.name())
          .addKeyValue("message-id", message.messageId())
          .addKeyValue("messageKind", parsed.kind())
          .addKeyValue("error", String.valueOf(e.getMessage()))
          .log("handling interruption message, leaving it for re-delivery");
      return;
    }
    delete(message);
  }

  private void delete(Message message) {
    try {
      queue.delete(message);
      metrics.deleted();
    } catch (SdkException e) {
      LOG.atError()
          .addKeyValue("queue", queue.name())
          .addKeyValue("message-id", message.messageId())
          .addKeyValue("error", e.getMessage())
          .log("deleting interruption message");
    }
  }

  /** The event's time, else when SQS received the message. */
  private static Optional<Instant> sentAt(InterruptionMessage parsed, Message message) {
    if (parsed.time().isPresent()) {
      return parsed.time();
    }
    String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    if (sent == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochMilli(Long.parseLong(sent)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
