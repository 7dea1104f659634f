package dev.dovetail.aws.controllers.interruption.messages;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.NoOp;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.RebalanceRecommendation;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.ScheduledChange;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.SpotInterruption;
import dev.dovetail.aws.controllers.interruption.messages.InterruptionMessage.StateChange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a queue message body into an {@link InterruptionMessage}. The parser is chosen by the
 * envelope's (version, source, detail-type); an unknown tuple, or an event the kind filters out (a
 * Health event that is not an EC2 scheduled change, a state change to running), is a {@link NoOp}.
 * A body that is not such an event is an {@link UnparseableMessageException}.
 */
public final class MessageParser {
  /** EC2 instance ids: {@code i-} and 8 or 17 hex digits. */
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}(?:[0-9a-f]{9})?");

  private static final Set<String> ACTED_STATES =
      Set.of("stopping", "stopped", "shutting-down", "terminated");

  private final ObjectMapper mapper = new ObjectMapper();

  public InterruptionMessage parse(String body) throws UnparseableMessageException {
    if (body == null || body.isBlank()) {
      throw new UnparseableMessageException("message body is empty");
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new UnparseableMessageException("message body is not JSON: " + e.getOriginalMessage());
    }
    Envelope envelope = Envelope.of(root);
    if (!envelope.version().equals("0")) {
      return noOp(envelope, "unsupported envelope version '" + envelope.version() + "'");
    }
    String kind = envelope.source() + "/" + envelope.detailType();
    return switch (kind) {
      case "aws.ec2/EC2 Spot Instance Interruption Warning" ->
          new SpotInterruption(
              envelope.id(),
              envelope.time(),
              instanceId(envelope),
              Envelope.text(detail(envelope), "instance-action"));
      case "aws.ec2/EC2 Instance Rebalance Recommendation" ->
          new RebalanceRecommendation(envelope.id(), envelope.time(), instanceId(envelope));
      case "aws.ec2/EC2 Instance State-change Notification" -> stateChange(envelope);
      case "aws.health/AWS Health Event" -> scheduledChange(envelope);
      default -> noOp(envelope, "unknown event " + kind);
    };
  }

  private static InterruptionMessage stateChange(Envelope envelope)
      throws UnparseableMessageException {
    String id = instanceId(envelope);
    String state = Envelope.text(detail(envelope), "state");
    if (!ACTED_STATES.contains(state)) {
      return noOp(envelope, "instance state '" + state + "' needs no action");
    }
    return new StateChange(envelope.id(), envelope.time(), id, state);
  }

  private static InterruptionMessage scheduledChange(Envelope envelope)
      throws UnparseableMessageException {
    JsonNode detail = detail(envelope);
    String service = Envelope.text(detail, "service");
    String category = Envelope.text(detail, "eventTypeCategory");
    if (!service.equals("EC2") || !category.equals("scheduledChange")) {
      return noOp(envelope, "health event " + service + "/" + category + " needs no action");
    }
    JsonNode entities = detail.path("affectedEntities");
    if (!entities.isArray()) {
      throw new UnparseableMessageException("field detail.affectedEntities must be an array");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode entity : entities) {
      if (!entity.isObject()) {
        throw new UnparseableMessageException("field detail.affectedEntities[] must hold objects");
      }
      String value = Envelope.text(entity, "entityValue");
      // Health events also name volumes and hosts; only instances can be drained.
      if (INSTANCE_ID.matcher(value).matches()) {
        ids.add(value);
      }
    }
    return new ScheduledChange(
        envelope.id(),
        envelope.time(),
        Envelope.text(detail, "eventTypeCode"),
        new ArrayList<>(ids));
  }

  private static JsonNode detail(Envelope envelope) throws UnparseableMessageException {
    if (envelope.detail() == null) {
      throw new UnparseableMessageException("field detail is missing");
    }
    return envelope.detail();
  }

  private static String instanceId(Envelope envelope) throws UnparseableMessageException {
    String id = Envelope.text(detail(envelope), "instance-id");
    if (!INSTANCE_ID.matcher(id).matches()) {
      throw new UnparseableMessageException(
          "field detail.instance-id must be an EC2 instance id, got '" + shorten(id) + "'");
    }
    return id;
  }

  private static NoOp noOp(Envelope envelope, String reason) {
    return new NoOp(envelope.id(), envelope.time(), shorten(reason));
  }

  /** Keeps hostile input from flooding a log line. */
  static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }
}
