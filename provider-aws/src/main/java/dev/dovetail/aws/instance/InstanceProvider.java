package dev.dovetail.aws.instance;

import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.aws.instancetype.UnavailableOfferings;
import dev.dovetail.aws.launchtemplate.LaunchTemplateProvider;
import dev.dovetail.aws.nodeclass.ResolvedNodeClass;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Taint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetError;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

/**
 * Launches, finds and terminates EC2 instances. A launch picks one subnet per allowed zone (the one
 * with the most free IPs after launches in flight), lets {@link OfferingSelection} choose the
 * capacity type and types, and sends the {@code instant} CreateFleet that {@link FleetRequests}
 * builds, retrying throttling and a launch template deleted behind its back; insufficient-capacity
 * errors mark their offerings unavailable. The ClientToken and a {@code karpenter.sh/machine-name}
 * tag lookup make a retried launch for the same machine return the first instance instead of
 * starting another.
 */
public final class InstanceProvider {
  /** Fewer spot-capable types than this draws a warning when on-demand is chosen. */
  public static final int MIN_SPOT_DIVERSITY = 5;

  /** Fleet error codes that mean "this offering has no capacity now". */
  public static final Set<String> INSUFFICIENT_CAPACITY_CODES =
      Set.of(
          "InsufficientInstanceCapacity",
          "MaxSpotInstanceCountExceeded",
          "VcpuLimitExceeded",
          "UnfulfillableCapacity",
          "Unsupported",
          "InsufficientFreeAddressesInSubnet");

  public static final String MANAGED_BY_TAG = "karpenter.sh/managed-by";
  public static final String PROVISIONER_TAG = "karpenter.sh/provisioner-name";
  public static final String MACHINE_TAG = "karpenter.sh/machine-name";
  private static final Set<String> THROTTLING =
      Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException", "RequestThrottled");
  private static final Set<String> UNAUTHORIZED =
      Set.of("UnauthorizedOperation", "AuthFailure", "AccessDenied", "AccessDeniedException");
  private static final int MAX_ATTEMPTS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(InstanceProvider.class);

  private final Ec2Client ec2;
  private final AwsSettings settings;
  private final UnavailableOfferings unavailable;
  private final LaunchTemplateProvider launchTemplates;
  private final FleetRequests fleetRequests;
  private final Sleeper sleeper;
  private final Map<String, Long> inFlightIps = new HashMap<>();
  private final CreateFleetBatcher batcher;

  public InstanceProvider(
      Ec2Client ec2,
      AwsSettings settings,
      UnavailableOfferings unavailable,
      LaunchTemplateProvider launchTemplates,
      Sleeper sleeper) {
    this(ec2, settings, unavailable, launchTemplates, sleeper, null);
  }

  /**
   * @param batcher merges identical concurrent CreateFleet calls; null sends each call alone
   */
  public InstanceProvider(
      Ec2Client ec2,
      AwsSettings settings,
      UnavailableOfferings unavailable,
      LaunchTemplateProvider launchTemplates,
      Sleeper sleeper,
      CreateFleetBatcher batcher) {
    this.ec2 = ec2;
    this.settings = settings;
    this.unavailable = unavailable;
    this.launchTemplates = launchTemplates;
    this.fleetRequests = new FleetRequests(settings, launchTemplates);
    this.sleeper = sleeper;
    this.batcher = batcher;
  }

  /**
   * Everything a launch needs.
   *
   * @param machineName the Machine (idempotency key)
   * @param nodePoolName the Provisioner
   * @param nodeClass the resolved node class
   * @param candidates types compatible with the request that fit its resources
   * @param zoneAllowed which zones the requirements allow
   * @param capacityTypeAllowed which capacity types the requirements allow
   * @param labels node labels
   * @param taints taints and startup taints
   * @param kubelet kubelet configuration
   */
  public record LaunchSpec(
      String machineName,
      String nodePoolName,
      ResolvedNodeClass nodeClass,
      List<InstanceTypeInfo> candidates,
      Predicate<String> zoneAllowed,
      Predicate<CapacityType> capacityTypeAllowed,
      Map<String, String> labels,
      List<Taint> taints,
      KubeletConfig kubelet) {}

  /** Launches one instance for the machine (or returns the one already launched for it). */
  public LaunchedInstance create(LaunchSpec spec) {
    Optional<LaunchedInstance> existing = byMachine(spec.machineName());
    if (existing.isPresent()) {
      LOG.info(
          "found instance already launched for machine {} provider-id={}",
          spec.machineName(),
          existing.get().providerId());
      return existing.get();
    }
    Map<String, ResolvedNodeClass.Subnet> subnets = subnetPerZone(spec);
    OfferingSelection selection = OfferingSelection.of(spec, subnets);
    CapacityType capacityType = selection.capacityType();
    List<InstanceTypeInfo> ordered = selection.types();
    if (ordered.isEmpty()) {
      throw new InsufficientCapacityException(
          "no instance type of "
              + spec.candidates().size()
              + " candidates has an available "
              + capacityType.label()
              + " offering in an allowed zone with a subnet");
    }
    if (capacityType == CapacityType.ON_DEMAND
        && spec.capacityTypeAllowed().test(CapacityType.SPOT)
        && ordered.size() < MIN_SPOT_DIVERSITY) {
      LOG.warn(
          "at least {} instance types are recommended when flexible to spot but requesting"
              + " on-demand, the current provisioner constraints are only allowing {} instance types",
          MIN_SPOT_DIVERSITY,
          ordered.size());
    }
    long predictedIps =
        ordered.stream().mapToLong(t -> t.capacity().getOrDefault("pods", 1L)).min().orElse(1);
    subnets.values().forEach(s -> inFlight(s.id(), predictedIps));
    try {
      return launchWithRetries(spec, selection);
    } finally {
      subnets.values().forEach(s -> inFlight(s.id(), -predictedIps));
    }
  }

  private synchronized void inFlight(String subnetId, long delta) {
    inFlightIps.merge(subnetId, delta, Long::sum);
    inFlightIps.remove(subnetId, 0L);
  }

  private synchronized long inFlight(String subnetId) {
    return inFlightIps.getOrDefault(subnetId, 0L);
  }

  /** For each zone, the subnet with the most free IPs after in-flight launches. */
  private Map<String, ResolvedNodeClass.Subnet> subnetPerZone(LaunchSpec spec) {
    Map<String, ResolvedNodeClass.Subnet> best = new TreeMap<>();
    for (ResolvedNodeClass.Subnet s : spec.nodeClass().subnets()) {
      if (!spec.zoneAllowed().test(s.zone())) {
        continue;
      }
      ResolvedNodeClass.Subnet current = best.get(s.zone());
      if (current == null
          || s.freeIps() - inFlight(s.id()) > current.freeIps() - inFlight(current.id())) {
        best.put(s.zone(), s);
      }
    }
    return best;
  }

  private LaunchedInstance launchWithRetries(LaunchSpec spec, OfferingSelection selection) {
    List<InstanceTypeInfo> types = selection.types();
    boolean templateRetried = false;
    Duration backoff = Duration.ofMillis(100);
    for (int attempt = 1; ; attempt++) {
      Map<String, List<InstanceTypeInfo>> byTemplate = fleetRequests.templates(spec, types);
      CreateFleetRequest request = fleetRequests.fleetRequest(spec, byTemplate, selection);
      if (templateRetried) {
        // the first call launched nothing; a new token keeps EC2 from replaying its answer
        request = request.toBuilder().clientToken(request.clientToken() + "-lt").build();
      }
      CreateFleetResponse response;
      try {
        response = batcher == null ? ec2.createFleet(request) : batcher.createFleet(request);
      } catch (Ec2Exception e) {
        String code = code(e);
        if (THROTTLING.contains(code) && attempt < MAX_ATTEMPTS) {
          sleep(backoff);
          backoff = backoff.multipliedBy(2);
          continue;
        }
        throw classify(code, e);
      }
      if (response.hasInstances()
          && !response.instances().isEmpty()
          && !response.instances().get(0).instanceIds().isEmpty()) {
        return launched(spec, selection, response);
      }
      List<CreateFleetError> errors = response.hasErrors() ? response.errors() : List.of();
      if (!templateRetried
          && errors.stream()
              .anyMatch(e -> "InvalidLaunchTemplateName.NotFoundException".equals(e.errorCode()))) {
        // the template was deleted behind our back: forget it and try once more
        byTemplate.keySet().forEach(launchTemplates::invalidate);
        templateRetried = true;
        continue;
      }
      markIce(errors);
      throw failure(errors, selection);
    }
  }

  /** The instance a successful CreateFleet started; marks the offerings it reported unavailable. */
  private LaunchedInstance launched(
      LaunchSpec spec, OfferingSelection selection, CreateFleetResponse response) {
    List<InstanceTypeInfo> types = selection.types();
    CapacityType capacityType = selection.capacityType();
    markIce(response.errors());
    var launched = response.instances().get(0);
    var override = launched.launchTemplateAndOverrides().overrides();
    String id = launched.instanceIds().get(0);
    LOG.info(
        "launched instance provider-id=aws:///{}/{} instance-type={} zone={} capacity-type={}",
        override.availabilityZone(),
        id,
        launched.instanceTypeAsString(),
        override.availabilityZone(),
        capacityType.label());
    String image =
        spec.nodeClass().amis().isEmpty()
            ? ""
            : FleetRequests.amiFor(spec, launched.instanceTypeAsString(), types);
    return new LaunchedInstance(
        id,
        launched.instanceTypeAsString(),
        override.availabilityZone(),
        override.subnetId(),
        capacityType,
        image,
        spec.nodeClass().securityGroups().stream()
            .map(ResolvedNodeClass.SecurityGroup::id)
            .toList(),
        "pending",
        null,
        fleetRequests.instanceTags(spec));
  }

  /** Why a CreateFleet that started nothing failed: no capacity, or another error. */
  private static RuntimeException failure(
      List<CreateFleetError> errors, OfferingSelection selection) {
    List<InstanceTypeInfo> types = selection.types();
    CapacityType capacityType = selection.capacityType();
    if (!errors.isEmpty()
        && errors.stream().allMatch(e -> INSUFFICIENT_CAPACITY_CODES.contains(e.errorCode()))) {
      return new InsufficientCapacityException(
          "insufficient capacity for "
              + capacityType.label()
              + " "
              + types.stream().map(InstanceTypeInfo::name).limit(5).toList()
              + (types.size() > 5 ? " and " + (types.size() - 5) + " other(s)" : "")
              + ": "
              + errors.stream().map(CreateFleetError::errorCode).distinct().toList());
    }
    String message =
        errors.isEmpty()
            ? "CreateFleet returned no instance and no error"
            : errors.stream()
                .map(e -> e.errorCode() + ": " + e.errorMessage())
                .distinct()
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    return new CreateErrorException(
        errors.isEmpty() ? "FleetEmpty" : errors.get(0).errorCode(), truncate(message));
  }

  private void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CreateErrorException("Interrupted", "interrupted while backing off", e);
    }
  }

  private static String truncate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300);
  }

  private static String code(Ec2Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }

  private static RuntimeException classify(String code, Ec2Exception e) {
    if (UNAUTHORIZED.contains(code)) {
      return new CreateErrorException(
          "Unauthorized",
          "not authorized to call ec2:CreateFleet (check the controller's IAM role): "
              + e.awsErrorDetails().errorMessage(),
          e);
    }
    if (THROTTLING.contains(code)) {
      return new CreateErrorException("Throttled", "CreateFleet throttled after retries", e);
    }
    return new CreateErrorException(
        code.isEmpty() ? "CreateFleetError" : code, truncate(e.getMessage()), e);
  }

  private void markIce(List<CreateFleetError> errors) {
    for (CreateFleetError e : errors) {
      if (INSUFFICIENT_CAPACITY_CODES.contains(e.errorCode())
          && e.launchTemplateAndOverrides() != null
          && e.launchTemplateAndOverrides().overrides() != null) {
        var o = e.launchTemplateAndOverrides().overrides();
        CapacityType c =
            "spot".equals(e.lifecycleAsString()) ? CapacityType.SPOT : CapacityType.ON_DEMAND;
        unavailable.markUnavailable(c, o.instanceTypeAsString(), o.availabilityZone());
        LOG.debug(
            "marked offering unavailable instance-type={} zone={} capacity-type={} reason={}",
            o.instanceTypeAsString(),
            o.availabilityZone(),
            c.label(),
            e.errorCode());
      }
    }
  }

  // ---- get, list, terminate ----

  /** The live instance launched for a machine, if any. */
  public Optional<LaunchedInstance> byMachine(String machineName) {
    return describe(
            List.of(
                Filter.builder()
                    .name("tag:" + MANAGED_BY_TAG)
                    .values(settings.clusterName())
                    .build(),
                Filter.builder().name("tag:" + MACHINE_TAG).values(machineName).build(),
                liveStates()))
        .stream()
        .findFirst();
  }

  /**
   * The instance with this id.
   *
   * @throws MachineNotFoundException when it does not exist or is terminated
   */
  public LaunchedInstance get(String instanceId) {
    List<LaunchedInstance> found;
    try {
      found =
          ec2
              .describeInstances(DescribeInstancesRequest.builder().instanceIds(instanceId).build())
              .reservations()
              .stream()
              .flatMap(r -> r.instances().stream())
              .map(InstanceProvider::toLaunched)
              .toList();
    } catch (Ec2Exception e) {
      if ("InvalidInstanceID.NotFound".equals(code(e))) {
        throw new MachineNotFoundException(instanceId, "instance " + instanceId + " not found");
      }
      throw e;
    }
    return found.stream()
        .filter(i -> !i.state().equals("terminated"))
        .findFirst()
        .orElseThrow(
            () ->
                new MachineNotFoundException(
                    instanceId, "instance " + instanceId + " is terminated"));
  }

  /** Every non-terminated instance tagged as managed by this cluster. */
  public List<LaunchedInstance> list() {
    return describe(
        List.of(
            Filter.builder().name("tag:" + MANAGED_BY_TAG).values(settings.clusterName()).build(),
            liveStates()));
  }

  /**
   * Terminates the instance; calling again while it shuts down is fine.
   *
   * @throws MachineNotFoundException once it is terminated or unknown
   */
  public void terminate(String instanceId) {
    LaunchedInstance instance = get(instanceId);
    try {
      ec2.terminateInstances(
          TerminateInstancesRequest.builder().instanceIds(instance.id()).build());
    } catch (Ec2Exception e) {
      if ("InvalidInstanceID.NotFound".equals(code(e))) {
        throw new MachineNotFoundException(instanceId, "instance " + instanceId + " not found");
      }
      throw e;
    }
  }

  private static Filter liveStates() {
    return Filter.builder()
        .name("instance-state-name")
        .values("pending", "running", "stopping", "stopped", "shutting-down")
        .build();
  }

  private List<LaunchedInstance> describe(List<Filter> filters) {
    List<LaunchedInstance> out = new ArrayList<>();
    ec2.describeInstancesPaginator(DescribeInstancesRequest.builder().filters(filters).build())
        .reservations()
        .forEach(r -> r.instances().forEach(i -> out.add(toLaunched(i))));
    return out;
  }

  private static LaunchedInstance toLaunched(software.amazon.awssdk.services.ec2.model.Instance i) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (i.hasTags()) {
      i.tags().forEach(t -> tags.put(t.key(), t.value()));
    }
    return new LaunchedInstance(
        i.instanceId(),
        i.instanceTypeAsString(),
        i.placement() == null ? "" : i.placement().availabilityZone(),
        i.subnetId() == null ? "" : i.subnetId(),
        "spot".equals(i.instanceLifecycleAsString()) ? CapacityType.SPOT : CapacityType.ON_DEMAND,
        i.imageId() == null ? "" : i.imageId(),
        i.hasSecurityGroups()
            ? i.securityGroups().stream().map(GroupIdentifier::groupId).toList()
            : List.of(),
        i.state() == null ? "" : i.state().nameAsString(),
        i.launchTime(),
        tags);
  }
}
