package dev.dovetail.cloudprovider;

import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Resources;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A machine the cloud has launched (or, for {@code get}/{@code list}, knows about).
 *
 * @param machineName the Machine it was launched for; empty when unknown (an instance found by
 *     list)
 * @param providerId e.g. {@code aws:///us-east-1a/i-0123456789abcdef0}
 * @param instanceType the instance type launched
 * @param zone the availability zone
 * @param capacityType spot or on-demand
 * @param imageId the machine image it runs
 * @param labels labels resolved by the cloud provider (instance type, zone, capacity type, ...)
 * @param annotations annotations for the Machine (e.g. the node template hash used for drift)
 * @param capacity what the node has
 * @param allocatable what pods can use
 * @param state the instance state, e.g. pending, running, shutting-down, terminated
 * @param launchTime when the instance was launched
 */
public record LaunchedMachine(
    String machineName,
    String providerId,
    String instanceType,
    String zone,
    CapacityType capacityType,
    String imageId,
    Map<String, String> labels,
    Map<String, String> annotations,
    Resources capacity,
    Resources allocatable,
    String state,
    Instant launchTime) {

  public LaunchedMachine {
    Objects.requireNonNull(providerId, "providerId");
    machineName = Objects.requireNonNullElse(machineName, "");
    imageId = Objects.requireNonNullElse(imageId, "");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    capacity = Objects.requireNonNullElse(capacity, Resources.NONE);
    allocatable = Objects.requireNonNullElse(allocatable, Resources.NONE);
    state = Objects.requireNonNullElse(state, "");
  }
}
