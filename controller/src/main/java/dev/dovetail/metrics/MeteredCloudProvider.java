package dev.dovetail.metrics;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.scheduling.InstanceType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * Times every {@link CloudProvider} call into {@code karpenter_cloudprovider_duration_seconds} and
 * counts failures into {@code karpenter_cloudprovider_errors_total}, tagged by the calling
 * controller (the {@code controller} MDC key the runtime sets), the method, the provider and, for
 * errors, the exception's simple name. Decorate once: wrapping twice counts every call twice.
 */
public final class MeteredCloudProvider implements CloudProvider {
  private final CloudProvider delegate;
  private final MeterRegistry registry;

  public MeteredCloudProvider(CloudProvider delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public LaunchedMachine create(LaunchRequest request) {
    return measure("Create", () -> delegate.create(request));
  }

  @Override
  public void delete(String providerId) {
    measure(
        "Delete",
        () -> {
          delegate.delete(providerId);
          return null;
        });
  }

  @Override
  public LaunchedMachine get(String providerId) {
    return measure("Get", () -> delegate.get(providerId));
  }

  @Override
  public List<LaunchedMachine> list() {
    return measure("List", delegate::list);
  }

  @Override
  public List<InstanceType> instanceTypes(Provisioner provisioner) {
    return measure("GetInstanceTypes", () -> delegate.instanceTypes(provisioner));
  }

  @Override
  public Optional<String> drifted(LaunchedMachine machine, ProviderRef nodeClassRef) {
    return measure("IsMachineDrifted", () -> delegate.drifted(machine, nodeClassRef));
  }

  @Override
  public String name() {
    return delegate.name();
  }

  private <T> T measure(String method, Supplier<T> call) {
    String controller = controller();
    Timer.Sample sample = Timer.start(registry);
    try {
      return call.get();
    } catch (RuntimeException e) {
      Counter.builder(MetricNames.CLOUDPROVIDER_ERRORS)
          .description("Total number of errors returned from CloudProvider calls.")
          .tag(MetricNames.CONTROLLER, controller)
          .tag(MetricNames.METHOD, method)
          .tag(MetricNames.PROVIDER, delegate.name())
          .tag(MetricNames.ERROR, e.getClass().getSimpleName())
          .register(registry)
          .increment();
      throw e;
    } finally {
      sample.stop(
          Timer.builder(MetricNames.CLOUDPROVIDER_DURATION)
              .description("Duration of cloud provider method calls.")
              .tag(MetricNames.CONTROLLER, controller)
              .tag(MetricNames.METHOD, method)
              .tag(MetricNames.PROVIDER, delegate.name())
              .register(registry));
    }
  }

  private static String controller() {
    String name = MDC.get("controller");
    return name == null ? "" : name;
  }
}
