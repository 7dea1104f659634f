package dev.dovetail.controllers.node.termination;

import dev.dovetail.events.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.util.List;
import java.util.Optional;

/** Events of the drain, with upstream reasons and texts. */
final class TerminationEvents {
  private TerminationEvents() {}

  static Event failedDraining(ObjectReference node, String error) {
    return new Event(
        node,
        Event.WARNING,
        "FailedDraining",
        "Failed to drain node, " + error,
        List.of(),
        Event.DEFAULT_DEDUPE_TIMEOUT,
        Optional.empty());
  }

  static Event evicted(EvictionQueue.PodKey pod) {
    ObjectReference ref =
        new ObjectReferenceBuilder()
            .withApiVersion("v1")
            .withKind("Pod")
            .withNamespace(pod.namespace())
            .withName(pod.name())
            .withUid(pod.uid())
            .build();
    return new Event(
        ref,
        Event.NORMAL,
        "Evicted",
        "Evicted pod",
        List.of(),
        Event.DEFAULT_DEDUPE_TIMEOUT,
        Optional.empty());
  }

  static ObjectReference node(String name, String uid) {
    return new ObjectReferenceBuilder()
        .withApiVersion("v1")
        .withKind("Node")
        .withName(name)
        .withUid(uid)
        .build();
  }
}
