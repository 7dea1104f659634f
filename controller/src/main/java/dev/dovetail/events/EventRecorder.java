package dev.dovetail.events;

/** Publishes Kubernetes Events; implementations never block the caller on the API server. */
@FunctionalInterface
public interface EventRecorder {
  void publish(Event event);
}
