package dev.dovetail.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes Event to publish about an object, with Karpenter's delivery controls: events with
 * the same reason and dedupe values are sent once per {@code dedupeTimeout}, and an optional rate
 * limit caps how many events of this reason are sent.
 *
 * @param involved the object the event is about
 * @param type {@link #NORMAL} or {@link #WARNING}
 * @param reason a CamelCase reason such as {@code Nominated} or {@code FailedDraining}
 * @param message the human-readable message
 * @param dedupeValues values that identify a repeat of this event (the involved object's uid and
 *     the message when empty)
 * @param dedupeTimeout how long a repeat is suppressed
 * @param rateLimit an optional limit per reason
 */
public record Event(
    ObjectReference involved,
    String type,
    String reason,
    String message,
    List<String> dedupeValues,
    Duration dedupeTimeout,
    Optional<RateLimit> rateLimit) {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  /** Karpenter's default dedupe window. */
  public static final Duration DEFAULT_DEDUPE_TIMEOUT = Duration.ofMinutes(2);

  /** At most {@code perSecond} events per second on average, {@code burst} at once. */
  public record RateLimit(double perSecond, int burst) {}

  public Event {
    Objects.requireNonNull(involved, "involved");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (!NORMAL.equals(type) && !WARNING.equals(type)) {
      throw new IllegalArgumentException("event type must be Normal or Warning, got " + type);
    }
    dedupeValues = List.copyOf(dedupeValues);
    Objects.requireNonNull(dedupeTimeout, "dedupeTimeout");
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  public static Event normal(HasMetadata involved, String reason, String message) {
    return of(involved, NORMAL, reason, message);
  }

  public static Event warning(HasMetadata involved, String reason, String message) {
    return of(involved, WARNING, reason, message);
  }

  private static Event of(HasMetadata involved, String type, String reason, String message) {
    return new Event(
        reference(involved),
        type,
        reason,
        message,
        List.of(),
        DEFAULT_DEDUPE_TIMEOUT,
        Optional.empty());
  }

  /** The same event, deduplicated on {@code values} instead of uid and message. */
  public Event dedupedOn(String... values) {
    return new Event(involved, type, reason, message, List.of(values), dedupeTimeout, rateLimit);
  }

  public Event withDedupeTimeout(Duration timeout) {
    return new Event(involved, type, reason, message, dedupeValues, timeout, rateLimit);
  }

  public Event rateLimited(double perSecond, int burst) {
    return new Event(
        involved,
        type,
        reason,
        message,
        dedupeValues,
        dedupeTimeout,
        Optional.of(new RateLimit(perSecond, burst)));
  }

  /** The key that identifies repeats of this event. */
  String dedupeKey() {
    List<String> values =
        dedupeValues.isEmpty()
            ? List.of(String.valueOf(involved.getUid()), involved.getName(), message)
            : dedupeValues;
    return reason + "\u0000" + String.join("\u0000", values);
  }

  /** A reference to {@code object} for the Event's {@code involvedObject}. */
  public static ObjectReference reference(HasMetadata object) {
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withName(object.getMetadata().getName())
        .withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid())
        .withResourceVersion(object.getMetadata().getResourceVersion())
        .build();
  }
}
