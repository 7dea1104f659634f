package dev.dovetail.aws.instance;

import dev.dovetail.scheduling.CapacityType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An EC2 instance as the provider sees it. */
public record LaunchedInstance(
    String id,
    String instanceType,
    String zone,
    String subnetId,
    CapacityType capacityType,
    String imageId,
    List<String> securityGroupIds,
    String state,
    Instant launchTime,
    Map<String, String> tags) {
  public LaunchedInstance {
    securityGroupIds = List.copyOf(securityGroupIds);
    tags = Map.copyOf(tags);
  }

  /** {@code aws:///<zone>/<instance-id>}. */
  public String providerId() {
    return "aws:///" + zone + "/" + id;
  }

  /**
   * The instance id of a provider id.
   *
   * @throws IllegalArgumentException when the provider id is not {@code aws:///<zone>/<id>}
   */
  public static String instanceId(String providerId) {
    if (providerId == null || !providerId.startsWith("aws:///")) {
      throw new IllegalArgumentException(
          "provider id '" + providerId + "' is not of the form aws:///<zone>/<instance-id>");
    }
    String rest = providerId.substring("aws:///".length());
    int slash = rest.lastIndexOf('/');
    String id = slash >= 0 ? rest.substring(slash + 1) : rest;
    if (!id.startsWith("i-")) {
      throw new IllegalArgumentException(
          "provider id '" + providerId + "' does not end in an instance id (i-...)");
    }
    return id;
  }
}
