package dev.dovetail.aws.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The four EventBridge rules of the interruption set-up, targeting one simulated SQS queue: builds
 * the events EC2 and AWS Health would send, in the EventBridge envelope, and sends them to the
 * queue. Without a queue the events go nowhere, as with no rule.
 */
final class SimulatedEventBridge {
  private static final String ACCOUNT = "123456789012";

  private final ObjectMapper mapper = new ObjectMapper();
  private final SqsClient sqs;
  private final String region;
  private final Clock clock;
  private volatile String queueName;

  SimulatedEventBridge(SqsClient sqs, String region, Clock clock) {
    this.sqs = sqs;
    this.region = region;
    this.clock = clock;
  }

  void target(String queue) {
    this.queueName = queue;
  }

  void spotInterruption(String instanceId) {
    ObjectNode detail = mapper.createObjectNode();
    detail.put("instance-id", instanceId);
    detail.put("instance-action", "terminate");
    send("aws.ec2", "EC2 Spot Instance Interruption Warning", instanceArn(instanceId), detail);
  }

  void rebalanceRecommendation(String instanceId) {
    ObjectNode detail = mapper.createObjectNode();
    detail.put("instance-id", instanceId);
    send("aws.ec2", "EC2 Instance Rebalance Recommendation", instanceArn(instanceId), detail);
  }

  void stateChange(String instanceId, String state) {
    ObjectNode detail = mapper.createObjectNode();
    detail.put("instance-id", instanceId);
    detail.put("state", state);
    send("aws.ec2", "EC2 Instance State-change Notification", instanceArn(instanceId), detail);
  }

  void scheduledChange(List<String> instanceIds) {
    ObjectNode detail = mapper.createObjectNode();
    detail.put("eventArn", "arn:aws:health:" + region + "::event/EC2/" + UUID.randomUUID());
    detail.put("service", "EC2");
    detail.put("eventTypeCode", "AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED");
    detail.put("eventTypeCategory", "scheduledChange");
    detail.put("startTime", clock.instant().plusSeconds(3600).toString());
    ArrayNode entities = detail.putArray("affectedEntities");
    instanceIds.forEach(id -> entities.addObject().put("entityValue", id));
    send("aws.health", "AWS Health Event", null, detail);
  }

  private String instanceArn(String instanceId) {
    return "arn:aws:ec2:" + region + ":" + ACCOUNT + ":instance/" + instanceId;
  }

  private void send(String source, String detailType, String resource, ObjectNode detail) {
    String queue = queueName;
    if (queue == null) {
      return;
    }
    ObjectNode event = mapper.createObjectNode();
    event.put("version", "0");
    event.put("id", UUID.randomUUID().toString());
    event.put("detail-type", detailType);
    event.put("source", source);
    event.put("account", ACCOUNT);
    event.put(
        "time", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    event.put("region", region);
    ArrayNode resources = event.putArray("resources");
    if (resource != null) {
      resources.add(resource);
    }
    event.set("detail", detail);
    try {
      String url =
          sqs.getQueueUrl(GetQueueUrlRequest.builder().queueName(queue).build()).queueUrl();
      sqs.sendMessage(
          SendMessageRequest.builder().queueUrl(url).messageBody(event.toString()).build());
    } catch (QueueDoesNotExistException e) {
      // The queue was deleted: EventBridge drops the event.
    }
  }
}
