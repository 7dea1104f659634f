package dev.dovetail.sim.testing;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.scheduling.InstanceType;
import java.util.List;
import java.util.Optional;

/**
 * A cloud provider that passes every call to another; tests override a method to inject a fault,
 * such as a controller that dies right after a launch.
 */
public class ForwardingCloudProvider implements CloudProvider {
  private final CloudProvider delegate;

  public ForwardingCloudProvider(CloudProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public LaunchedMachine create(LaunchRequest request) {
    return delegate.create(request);
  }

  @Override
  public void delete(String providerId) {
    delegate.delete(providerId);
  }

  @Override
  public LaunchedMachine get(String providerId) {
    return delegate.get(providerId);
  }

  @Override
  public List<LaunchedMachine> list() {
    return delegate.list();
  }

  @Override
  public List<InstanceType> instanceTypes(Provisioner provisioner) {
    return delegate.instanceTypes(provisioner);
  }

  @Override
  public Optional<String> drifted(LaunchedMachine machine, ProviderRef nodeClassRef) {
    return delegate.drifted(machine, nodeClassRef);
  }

  @Override
  public String name() {
    return delegate.name();
  }
}
