package dev.dovetail.aws.simulated;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * An in-process SQS: standard queues with visibility timeouts on the injected clock, receipt
 * handles that change on every receive, and long polling that waits (in real time, for the demo)
 * until a message arrives. Errors are the SDK's ({@code QueueDoesNotExist}).
 */
public final class SimulatedSqsClient implements SqsClient {
  private static final String ACCOUNT = "123456789012";

  private final String region;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, Queue> queues = new LinkedHashMap<>();

  private static final class Queue {
    final String name;
    final List<Stored> messages = new ArrayList<>();

    Queue(String name) {
      this.name = name;
    }
  }

  private static final class Stored {
    final String id = UUID.randomUUID().toString();
    final String body;
    final Instant sent;
    Instant visibleAt;
    String receiptHandle;
    int receiveCount;

    Stored(String body, Instant sent) {
      this.body = body;
      this.sent = sent;
      this.visibleAt = sent;
    }
  }

  SimulatedSqsClient(String region, Clock clock) {
    this.region = region;
    this.clock = clock;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  @Override
  public CreateQueueResponse createQueue(CreateQueueRequest request) {
    synchronized (lock) {
      queues.computeIfAbsent(request.queueName(), Queue::new);
      return CreateQueueResponse.builder().queueUrl(url(request.queueName())).build();
    }
  }

  @Override
  public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
    synchronized (lock) {
      return GetQueueUrlResponse.builder().queueUrl(url(queue(request.queueName()).name)).build();
    }
  }

  @Override
  public DeleteQueueResponse deleteQueue(DeleteQueueRequest request) {
    synchronized (lock) {
      queues.remove(byUrl(request.queueUrl()).name);
      lock.notifyAll();
      return DeleteQueueResponse.builder().build();
    }
  }

  @Override
  public SendMessageResponse sendMessage(SendMessageRequest request) {
    synchronized (lock) {
      Stored stored = new Stored(request.messageBody(), clock.instant());
      byUrl(request.queueUrl()).messages.add(stored);
      lock.notifyAll();
      return SendMessageResponse.builder().messageId(stored.id).build();
    }
  }

  @Override
  public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
    int max = request.maxNumberOfMessages() == null ? 1 : request.maxNumberOfMessages();
    Duration visibility =
        Duration.ofSeconds(request.visibilityTimeout() == null ? 30 : request.visibilityTimeout());
    long waitMillis = request.waitTimeSeconds() == null ? 0 : request.waitTimeSeconds() * 1000L;
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    synchronized (lock) {
      while (true) {
        List<Message> received = takeVisible(byUrl(request.queueUrl()), max, visibility);
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (!received.isEmpty() || left <= 0) {
          return ReceiveMessageResponse.builder().messages(received).build();
        }
        try {
          // Long polling: the demo runs on the real clock; tests poll with a zero wait.
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ReceiveMessageResponse.builder().messages(List.of()).build();
        }
      }
    }
  }

  @Override
  public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
    synchronized (lock) {
      Queue queue = byUrl(request.queueUrl());
      boolean removed =
          queue.messages.removeIf(m -> request.receiptHandle().equals(m.receiptHandle));
      if (!removed && request.receiptHandle().isBlank()) {
        throw (ReceiptHandleIsInvalidException)
            ReceiptHandleIsInvalidException.builder()
                .message("The receipt handle is not valid")
                .build();
      }
      return DeleteMessageResponse.builder().build();
    }
  }

  /** Messages in a queue, visible or not (for tests and the demo). */
  public int size(String queueName) {
    synchronized (lock) {
      Queue q = queues.get(queueName);
      return q == null ? 0 : q.messages.size();
    }
  }

  private List<Message> takeVisible(Queue queue, int max, Duration visibility) {
    Instant now = clock.instant();
    List<Message> out = new ArrayList<>();
    for (Stored m : queue.messages) {
      if (out.size() == max) {
        break;
      }
      if (m.visibleAt.isAfter(now)) {
        continue;
      }
      m.visibleAt = now.plus(visibility);
      m.receiveCount++;
      m.receiptHandle = UUID.randomUUID().toString();
      out.add(
          Message.builder()
              .messageId(m.id)
              .receiptHandle(m.receiptHandle)
              .body(m.body)
              .attributes(
                  Map.of(
                      MessageSystemAttributeName.SENT_TIMESTAMP,
                      Long.toString(m.sent.toEpochMilli()),
                      MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                      Integer.toString(m.receiveCount)))
              .build());
    }
    return out;
  }

  private Queue queue(String name) {
    Queue q = queues.get(name);
    if (q == null) {
      throw missing();
    }
    return q;
  }

  private Queue byUrl(String url) {
    if (url == null) {
      throw missing();
    }
    return queue(url.substring(url.lastIndexOf('/') + 1));
  }

  private String url(String name) {
    return "https://sqs." + region + ".amazonaws.com/" + ACCOUNT + "/" + name;
  }

  private static QueueDoesNotExistException missing() {
    return (QueueDoesNotExistException)
        QueueDoesNotExistException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("AWS.SimpleQueueService.NonExistentQueue")
                    .errorMessage("The specified queue does not exist.")
                    .serviceName("Sqs")
                    .build())
            .statusCode(400)
            .message("The specified queue does not exist. (Service: Sqs, Status Code: 400)")
            .build();
  }
}
