package dev.dovetail.aws.controllers.interruption.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The EventBridge envelope every message carries: {@code version}, {@code id}, {@code detail-type},
 * {@code source}, {@code account}, {@code time}, {@code region}, {@code resources} and {@code
 * detail}. Missing fields read as empty, fields of the wrong type are rejected.
 */
public record Envelope(
    String version,
    String id,
    String detailType,
    String source,
    Optional<Instant> time,
    JsonNode detail) {

  /** Reads the envelope fields of a JSON object. */
  static Envelope of(JsonNode root) throws UnparseableMessageException {
    if (root == null || !root.isObject()) {
      throw new UnparseableMessageException("message is not a JSON object");
    }
    JsonNode detail = root.path("detail");
    if (!detail.isMissingNode() && !detail.isNull() && !detail.isObject()) {
      throw new UnparseableMessageException("field detail must be an object");
    }
    JsonNode resources = root.path("resources");
    if (!resources.isMissingNode() && !resources.isNull() && !resources.isArray()) {
      throw new UnparseableMessageException("field resources must be an array");
    }
    String time = text(root, "time");
    return new Envelope(
        text(root, "version"),
        text(root, "id"),
        text(root, "detail-type"),
        text(root, "source"),
        instant(time),
        detail.isObject() ? detail : null);
  }

  /** A string field of {@code node}; empty when missing or null. */
  static String text(JsonNode node, String field) throws UnparseableMessageException {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new UnparseableMessageException("field " + field + " must be a string");
    }
    return value.asText();
  }

  private static Optional<Instant> instant(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
