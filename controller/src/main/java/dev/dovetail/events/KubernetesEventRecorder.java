package dev.dovetail.events;

import dev.dovetail.runtime.TokenBucket;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code v1} Events with source component {@value #COMPONENT}, after dropping repeats within
 * their dedupe window and events over their reason's rate limit. Writes run on {@code writer} so
 * reconciles are not held up; a failed write is logged and dropped, as client-go's recorder does
 * after its retries.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  /** The source component of every event. */
  public static final String COMPONENT = "dovetail";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEventRecorder.class);
  private static final int MAX_DEDUPE_ENTRIES = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Executor writer;
  private final String instance;
  private final Map<String, Instant> lastSent = new HashMap<>();
  private final Map<String, TokenBucket> limits = new HashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param instance this replica's identity, written as {@code reportingInstance}
   */
  public KubernetesEventRecorder(
      KubernetesClient client, Clock clock, Executor writer, String instance) {
    this.client = client;
    this.clock = clock;
    this.writer = writer;
    this.instance = instance;
  }

  @Override
  public void publish(Event event) {
    if (!admit(event)) {
      return;
    }
    io.fabric8.kubernetes.api.model.Event resource = toResource(event);
    writer.execute(() -> write(resource));
  }

  /** True when the event is neither a recent repeat nor over its rate limit. */
  private synchronized boolean admit(Event event) {
    Instant now = clock.instant();
    String key = event.dedupeKey();
    Instant previous = lastSent.get(key);
    if (previous != null && now.isBefore(previous.plus(event.dedupeTimeout()))) {
      return false;
    }
    if (event.rateLimit().isPresent()) {
      Event.RateLimit limit = event.rateLimit().get();
      TokenBucket bucket =
          limits.computeIfAbsent(
              event.reason(), r -> new TokenBucket(limit.perSecond(), limit.burst(), clock));
      if (!bucket.tryAcquire()) {
        return false;
      }
    }
    if (lastSent.size() >= MAX_DEDUPE_ENTRIES) {
      evictExpired(now, event);
    }
    lastSent.put(key, now);
    return true;
  }

  private void evictExpired(Instant now, Event event) {
    for (Iterator<Instant> it = lastSent.values().iterator(); it.hasNext(); ) {
      if (!now.isBefore(it.next().plus(event.dedupeTimeout()))) {
        it.remove();
      }
    }
    if (lastSent.size() >= MAX_DEDUPE_ENTRIES) {
      lastSent.clear();
    }
  }

  private io.fabric8.kubernetes.api.model.Event toResource(Event event) {
    Instant now = clock.instant();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    String namespace =
        event.involved().getNamespace() == null || event.involved().getNamespace().isEmpty()
            ? "default"
            : event.involved().getNamespace();
    // client-go names events <object>.<hex nanos>; a sequence keeps names unique under a
    // clock that does not move.
    long unique =
        now.getEpochSecond() * 1_000_000_000L + now.getNano() + sequence.incrementAndGet();
    return new EventBuilder()
        .withNewMetadata()
        .withName(event.involved().getName() + "." + Long.toHexString(unique))
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(event.involved())
        .withType(event.type())
        .withReason(event.reason())
        .withMessage(event.message())
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withCount(1)
        .build();
  }

  private void write(io.fabric8.kubernetes.api.model.Event resource) {
    try {
      client
          .v1()
          .events()
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(resource)
          .create();
    } catch (KubernetesClientException e) {
      LOG.atDebug()
          .addKeyValue("reason", resource.getReason())
          .addKeyValue("object", resource.getInvolvedObject().getName())
          .addKeyValue("error", e.getMessage())
          .log("failed to write event");
    }
  }
}
