package dev.dovetail.cloudprovider;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.scheduling.InstanceType;
import java.util.List;
import java.util.Optional;

/**
 * The only seam between Dovetail and a cloud: launch, find and terminate machines, describe the
 * instance types a node pool can use, and tell whether a machine has drifted from its node class.
 * Failures are {@link CloudProviderException}s.
 */
public interface CloudProvider {
  /**
   * Launches one machine for the request. Idempotent per {@link LaunchRequest#machineName()}: a
   * retried call for the same machine does not start a second instance.
   *
   * @throws InsufficientCapacityException when every allowed offering is out of capacity
   * @throws NodeClassNotReadyException when the node class cannot be resolved
   * @throws CreateErrorException for any other failure
   */
  LaunchedMachine create(LaunchRequest request);

  /**
   * Terminates the machine. Calling it again while the instance shuts down is fine.
   *
   * @throws MachineNotFoundException once the instance is gone (terminated or unknown)
   */
  void delete(String providerId);

  /**
   * The machine with this provider id.
   *
   * @throws MachineNotFoundException when it does not exist or is terminated
   */
  LaunchedMachine get(String providerId);

  /** Every machine this cluster's provisioner launched that is not terminated. */
  List<LaunchedMachine> list();

  /**
   * Every instance type the Provisioner (defaulted) could use, including those without an available
   * offering (their offerings are marked unavailable), so explanations can name them.
   *
   * @throws NodeClassNotReadyException when the node class cannot be resolved
   */
  List<InstanceType> instanceTypes(Provisioner provisioner);

  /**
   * Why the machine no longer matches its node class (AMI, subnet, security group, template hash),
   * or empty when it does.
   */
  Optional<String> drifted(LaunchedMachine machine, ProviderRef nodeClassRef);

  /** A short name for logs and metrics, e.g. {@code aws}. */
  String name();
}
