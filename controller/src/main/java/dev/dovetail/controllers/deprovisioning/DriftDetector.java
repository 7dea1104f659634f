package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.v1alpha5.ProvisionerHash;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CloudProviderException;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Requirement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whether a node has drifted, in upstream's order: the Provisioner's static fields changed
 * since its Machine was made ({@code ProvisionerDrifted}, see {@link ProvisionerHash}), its labels
 * no longer satisfy the Provisioner's requirements ({@code RequirementsDrifted}), or the cloud
 * provider reports AMI, subnet, security group or node template drift. The provider is asked at
 * most every {@link #RECHECK} per Machine.
 */
final class DriftDetector {
  static final Duration RECHECK = Duration.ofMinutes(5);

  private final CloudProvider cloud;
  private final Map<String, Checked> checked = new ConcurrentHashMap<>();

  private record Checked(Instant at, Optional<String> reason) {}

  DriftDetector(CloudProvider cloud) {
    this.cloud = cloud;
  }

  Optional<String> drifted(CandidateNode c, NodePool pool, Instant now) {
    if (staticDrift(c)) {
      return Optional.of("ProvisionerDrifted");
    }
    if (pool != null) {
      Requirement unmatched =
          pool.requirements().firstUnmatched(c.node().getMetadata().getLabels());
      if (unmatched != null) {
        return Optional.of("RequirementsDrifted");
      }
    }
    String name = c.machineName();
    Checked previous = checked.get(name);
    if (previous != null && now.isBefore(previous.at().plus(RECHECK))) {
      return previous.reason();
    }
    Optional<String> reason = providerDrift(c);
    checked.put(name, new Checked(now, reason));
    return reason;
  }

  /**
   * The Provisioner's static fields changed since the Machine was made ({@link ProvisionerHash}):
   * the Machine's hash annotation, or the Node's when the Machine has none, against the current
   * spec.
   */
  private static boolean staticDrift(CandidateNode c) {
    if (c.provisioner() == null || c.provisioner().getSpec() == null) {
      return false;
    }
    Map<String, String> machine = c.machine().getMetadata().getAnnotations();
    Map<String, String> annotations =
        machine != null && machine.containsKey(ProvisionerHash.ANNOTATION)
            ? machine
            : c.node().getMetadata().getAnnotations();
    return ProvisionerHash.drifted(annotations, c.provisioner().getSpec());
  }

  private Optional<String> providerDrift(CandidateNode c) {
    String providerId =
        c.machine().getStatus() == null ? null : c.machine().getStatus().providerID();
    if (providerId == null || c.nodeClassRef() == null) {
      return Optional.empty();
    }
    try {
      return cloud.drifted(cloud.get(providerId), c.nodeClassRef());
    } catch (CloudProviderException e) {
      return Optional.empty();
    }
  }

  /** Forgets Machines that are gone, so the cache holds only what the cluster has. */
  void retainOnly(java.util.Set<String> machineNames) {
    checked.keySet().retainAll(machineNames);
  }

  /** The Machines whose provider drift is cached. */
  java.util.Set<String> cachedMachines() {
    return java.util.Set.copyOf(checked.keySet());
  }
}
