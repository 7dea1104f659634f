package dev.dovetail.testing.fake;

import dev.dovetail.events.Event;
import dev.dovetail.events.EventRecorder;
import java.util.ArrayList;
import java.util.List;

/** Keeps every published event (no dedupe, no rate limit) for assertions. */
public final class RecordingEventRecorder implements EventRecorder {
  private final List<Event> events = new ArrayList<>();

  @Override
  public synchronized void publish(Event event) {
    events.add(event);
  }

  public synchronized List<Event> events() {
    return List.copyOf(events);
  }

  public synchronized List<Event> withReason(String reason) {
    return events.stream().filter(e -> e.reason().equals(reason)).toList();
  }

  public synchronized void reset() {
    events.clear();
  }
}
