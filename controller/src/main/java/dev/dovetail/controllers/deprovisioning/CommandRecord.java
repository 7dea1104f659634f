package dev.dovetail.controllers.deprovisioning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Optional;

/**
 * A running command as it is written on each candidate Node (annotation {@link #ANNOTATION}) before
 * anything is launched, so that a controller that restarts finds it and finishes it (replacements
 * initialized: delete the candidates) or rolls it back (a replacement is gone: un-cordon).
 * Replacement names are chosen before the annotation is written, so no launched Machine is ever
 * unknown to the record.
 *
 * @param id tells commands apart
 * @param deprovisioner the method's name, e.g. {@code consolidation}
 * @param reason e.g. {@code consolidation/replace}
 * @param candidates the Machines to remove
 * @param replacements the Machines to launch first
 * @param started when the command started (RFC 3339)
 * @param before $/h of the candidates
 * @param after $/h of the replacements
 */
public record CommandRecord(
    String id,
    String deprovisioner,
    String reason,
    List<String> candidates,
    List<String> replacements,
    String started,
    double before,
    double after) {
  /** The Node annotation that holds the record. */
  public static final String ANNOTATION = "dovetail.dev/deprovisioning-command";

  private static final ObjectMapper JSON = new ObjectMapper();

  public CommandRecord {
    candidates = List.copyOf(candidates);
    replacements = List.copyOf(replacements);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The record on a Node; an unreadable one is treated as absent (and logged by the caller). */
  static Optional<CommandRecord> of(Node node) {
    var annotations = node.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ANNOTATION);
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(value, CommandRecord.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  static boolean isMarked(StateNode node) {
    return node.node()
        .map(n -> n.getMetadata().getAnnotations())
        .map(a -> a.containsKey(ANNOTATION))
        .orElse(false);
  }
}
