package dev.dovetail.aws.cloudprovider;

import dev.dovetail.aws.instance.CreateFleetBatcher;
import dev.dovetail.aws.instance.InstanceProvider;
import dev.dovetail.aws.instance.Sleeper;
import dev.dovetail.aws.instancetype.InstanceTypeProvider;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.aws.launchtemplate.LaunchTemplateProvider;
import dev.dovetail.aws.nodeclass.NodeClassResolver;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.pricing.PricingProvider;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.runtime.ExecutorTaskScheduler;
import dev.dovetail.runtime.TaskScheduler;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Wires the AWS providers together over three SDK clients: the one place that knows how they depend
 * on each other. Production passes the SDK's clients, tests and the demo a {@link SimulatedAws}.
 */
public final class AwsProviders {
  private final PricingProvider pricing;
  private final UnavailableOfferings unavailable;
  private final InstanceTypeProvider instanceTypes;
  private final NodeClassResolver resolver;
  private final LaunchTemplateProvider launchTemplates;
  private final InstanceProvider instances;
  private final AwsCloudProvider cloudProvider;
  private final AwsSettings settings;
  private final Function<String, Optional<NodeClassSpec>> nodeClasses;
  private volatile SqsClient sqs;
  private volatile java.util.concurrent.Executor interruptionWorkers;

  public AwsProviders(
      Ec2Client ec2,
      PricingClient pricingClient,
      SsmClient ssm,
      AwsSettings settings,
      String region,
      Clock clock,
      Supplier<String> kubernetesVersion,
      Function<String, Optional<NodeClassSpec>> nodeClasses,
      Sleeper sleeper) {
    this(
        ec2,
        pricingClient,
        ssm,
        settings,
        region,
        clock,
        kubernetesVersion,
        nodeClasses,
        sleeper,
        null);
  }

  /**
   * @param batchTimer when set, identical concurrent CreateFleet calls are merged in windows it
   *     times; null sends every call alone
   */
  public AwsProviders(
      Ec2Client ec2,
      PricingClient pricingClient,
      SsmClient ssm,
      AwsSettings settings,
      String region,
      Clock clock,
      Supplier<String> kubernetesVersion,
      Function<String, Optional<NodeClassSpec>> nodeClasses,
      Sleeper sleeper,
      TaskScheduler batchTimer) {
    this.settings = settings;
    this.nodeClasses = nodeClasses;
    this.pricing = new PricingProvider(ec2, pricingClient, region, settings.isolatedVpc(), clock);
    this.unavailable = new UnavailableOfferings(clock);
    this.instanceTypes =
        new InstanceTypeProvider(
            ec2, region, pricing, unavailable, settings.capacitySettings(), clock);
    this.resolver = new NodeClassResolver(ec2, ssm, kubernetesVersion, clock);
    this.launchTemplates = new LaunchTemplateProvider(ec2, clock);
    this.instances =
        new InstanceProvider(
            ec2,
            settings,
            unavailable,
            launchTemplates,
            sleeper,
            batchTimer == null ? null : new CreateFleetBatcher(ec2, batchTimer));
    this.cloudProvider =
        new AwsCloudProvider(region, nodeClasses, resolver, instanceTypes, instances);
  }

  /** Providers for the daemon: real backoff sleeps and CreateFleet batching on a daemon thread. */
  public static AwsProviders production(
      AwsClients clients,
      AwsSettings settings,
      String region,
      Supplier<String> kubernetesVersion,
      Function<String, Optional<NodeClassSpec>> nodeClasses) {
    return new AwsProviders(
            clients.ec2(),
            clients.pricing(),
            clients.ssm(),
            settings,
            region,
            Clock.systemUTC(),
            kubernetesVersion,
            nodeClasses,
            Sleeper.REAL,
            BATCH_TIMER)
        .withSqs(clients.sqs());
  }

  /** The daemon thread that flushes CreateFleet batches, shared by every provider set. */
  private static final TaskScheduler BATCH_TIMER = new ExecutorTaskScheduler("createfleet-batcher");

  /**
   * Providers over a simulated backend, without sleeping between retries, launching through the
   * same CreateFleet batcher as the daemon (its 35 ms window runs on real time).
   */
  public static AwsProviders simulated(
      SimulatedAws aws,
      AwsSettings settings,
      String kubernetesVersion,
      Function<String, Optional<NodeClassSpec>> nodeClasses) {
    return new AwsProviders(
            aws.ec2(),
            aws.pricing(),
            aws.ssm(),
            settings,
            aws.region(),
            aws.clock(),
            () -> kubernetesVersion,
            nodeClasses,
            d -> {},
            BATCH_TIMER)
        .withSqs(aws.sqs());
  }

  /** Sets the SQS client the interruption controller polls; returns this. */
  public AwsProviders withSqs(SqsClient client) {
    this.sqs = client;
    return this;
  }

  /**
   * Runs the handlers of one batch of interruption messages on {@code workers} instead of the
   * daemon's pool of 10 threads (the simulator handles them in order on its own thread); returns
   * this.
   */
  public AwsProviders withInterruptionWorkers(java.util.concurrent.Executor workers) {
    this.interruptionWorkers = workers;
    return this;
  }

  /** Where interruption messages are handled, if not on the daemon's pool. */
  public Optional<java.util.concurrent.Executor> interruptionWorkers() {
    return Optional.ofNullable(interruptionWorkers);
  }

  /** The SQS client for the interruption queue, if one was given. */
  public Optional<SqsClient> sqs() {
    return Optional.ofNullable(sqs);
  }

  /** How the cloud provider reads node classes by name. */
  public Function<String, Optional<NodeClassSpec>> nodeClasses() {
    return nodeClasses;
  }

  public AwsSettings settings() {
    return settings;
  }

  public PricingProvider pricing() {
    return pricing;
  }

  public UnavailableOfferings unavailableOfferings() {
    return unavailable;
  }

  public InstanceTypeProvider instanceTypes() {
    return instanceTypes;
  }

  public NodeClassResolver resolver() {
    return resolver;
  }

  public LaunchTemplateProvider launchTemplates() {
    return launchTemplates;
  }

  public InstanceProvider instances() {
    return instances;
  }

  public AwsCloudProvider cloudProvider() {
    return cloudProvider;
  }
}
