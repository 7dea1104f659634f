package dev.dovetail.aws.controllers.interruption;

import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * The SQS queue the EventBridge rules feed. Its URL comes from GetQueueUrl and is looked up again
 * after the queue turned out to be missing (deleted and re-created, or not created yet).
 */
public final class InterruptionQueue {
  private final SqsClient sqs;
  private final String name;
  private final PollSettings settings;
  private volatile String url;

  public InterruptionQueue(SqsClient sqs, String name, PollSettings settings) {
    this.sqs = sqs;
    this.name = name;
    this.settings = settings;
  }

  public String name() {
    return name;
  }

  /**
   * One long-polling ReceiveMessage.
   *
   * @throws QueueDoesNotExistException when the queue is missing (its URL is forgotten)
   */
  public List<Message> receive() {
    String queueUrl = url();
    try {
      return sqs.receiveMessage(
              ReceiveMessageRequest.builder()
                  .queueUrl(queueUrl)
                  .maxNumberOfMessages(settings.maxMessages())
                  .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                  .waitTimeSeconds((int) settings.waitTime().toSeconds())
                  .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)
                  .messageAttributeNames("All")
                  .build())
          .messages();
    } catch (QueueDoesNotExistException e) {
      url = null;
      throw e;
    }
  }

  /**
   * Deletes a received message.
   *
   * @throws QueueDoesNotExistException when the queue is missing (its URL is forgotten)
   */
  public void delete(Message message) {
    String queueUrl = url();
    try {
      sqs.deleteMessage(
          DeleteMessageRequest.builder()
              .queueUrl(queueUrl)
              .receiptHandle(message.receiptHandle())
              .build());
    } catch (QueueDoesNotExistException e) {
      url = null;
      throw e;
    }
  }

  /** The queue URL, looked up on first use and after the queue went missing. */
  public String url() {
    String current = url;
    if (current == null) {
      current = sqs.getQueueUrl(GetQueueUrlRequest.builder().queueName(name).build()).queueUrl();
      url = current;
    }
    return current;
  }
}
