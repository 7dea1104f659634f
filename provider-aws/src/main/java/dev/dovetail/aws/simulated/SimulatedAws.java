package dev.dovetail.aws.simulated;

import dev.dovetail.aws.catalog.BuiltInCatalog;
import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.aws.instancetype.InstanceTypeSpec;
import dev.dovetail.aws.nodeclass.AmiPaths;
import dev.dovetail.scheduling.CapacityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One in-process AWS account in one region, shared by the simulated {@link Ec2Client}, {@link
 * PricingClient} and {@link SsmClient}. It models what moto cannot: per-zone capacity pools that
 * run out (insufficient-capacity errors in CreateFleet), spot prices that change over time, subnets
 * with finite free IPs, instances that move pending → running → shutting-down → terminated on the
 * injected clock, throttling and error injection. Every call is recorded for assertions.
 *
 * <p>Thread-safe: every operation holds the state's lock.
 */
public final class SimulatedAws {
  /** How long a terminated instance stays visible in DescribeInstances. */
  public static final Duration TERMINATED_VISIBILITY = Duration.ofHours(1);

  private final Catalog catalog;
  private final String region;
  private final Clock clock;
  private final long seed;
  private final AtomicLong ids = new AtomicLong(1);

  final Object lock = new Object();
  final Map<String, Subnet> subnets = new LinkedHashMap<>();
  final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
  final Map<String, Image> images = new LinkedHashMap<>();
  final Map<String, String> parameters = new TreeMap<>();
  final Map<String, LaunchTemplate> launchTemplates = new LinkedHashMap<>();
  final Map<String, Instance> instances = new LinkedHashMap<>();
  final Map<String, Object> fleetsByClientToken = new HashMap<>();
  private final Map<PoolKey, Integer> capacity = new HashMap<>();
  private final Map<SpotKey, Deque<PricePoint>> spotPrices = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final java.util.Set<String> lostResponses = new java.util.HashSet<>();
  private volatile Duration listingDelay = Duration.ZERO;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private Duration pendingDuration = Duration.ofSeconds(20);
  private Duration shuttingDownDuration = Duration.ofSeconds(30);

  private final SimulatedEc2Client ec2;
  private final SimulatedPricingClient pricing;
  private final SimulatedSsmClient ssm;
  private final SimulatedSqsClient sqs;
  private final SimulatedEventBridge eventBridge;

  /** One (capacity type, instance type, zone) capacity pool. */
  public record PoolKey(CapacityType capacityType, String instanceType, String zone) {}

  record SpotKey(String instanceType, String zone) {}

  record PricePoint(Instant at, double price) {}

  private record Fault(String errorCode, int statusCode) {}

  /** A call made to one of the simulated clients. */
  public record RecordedRequest(String operation, SdkRequest request, Instant at) {}

  /** A VPC subnet. */
  public static final class Subnet {
    final String id;
    final String zone;
    final String vpcId;
    final Map<String, String> tags;
    int freeIps;
    final boolean mapPublicIpOnLaunch;

    Subnet(
        String id, String zone, String vpcId, int freeIps, Map<String, String> tags, boolean pub) {
      this.id = id;
      this.zone = zone;
      this.vpcId = vpcId;
      this.freeIps = freeIps;
      this.tags = new LinkedHashMap<>(tags);
      this.mapPublicIpOnLaunch = pub;
    }

    public String id() {
      return id;
    }

    public String zone() {
      return zone;
    }

    public int freeIps() {
      return freeIps;
    }
  }

  /** A security group. */
  public record SecurityGroup(String id, String name, String vpcId, Map<String, String> tags) {}

  /** A machine image. */
  public record Image(
      String id,
      String name,
      String architecture,
      Instant created,
      String owner,
      Map<String, String> tags) {}

  /** A stored launch template (one version). */
  static final class LaunchTemplate {
    final String id;
    final String name;
    final software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData data;
    final Map<String, String> tags;
    final Instant created;

    LaunchTemplate(
        String id,
        String name,
        software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData data,
        Map<String, String> tags,
        Instant created) {
      this.id = id;
      this.name = name;
      this.data = data;
      this.tags = tags;
      this.created = created;
    }
  }

  /** An EC2 instance. */
  public static final class Instance {
    final String id;
    final String instanceType;
    final String zone;
    final String subnetId;
    final CapacityType capacityType;
    final String imageId;
    final String launchTemplateName;
    final Instant launchTime;
    final Map<String, String> tags;
    final List<String> securityGroupIds;
    final String privateIp;
    Instant terminatedAt;
    Instant reclaimAt;

    Instance(
        String id,
        String instanceType,
        String zone,
        String subnetId,
        CapacityType capacityType,
        String imageId,
        String launchTemplateName,
        Instant launchTime,
        Map<String, String> tags,
        List<String> securityGroupIds,
        String privateIp) {
      this.id = id;
      this.instanceType = instanceType;
      this.zone = zone;
      this.subnetId = subnetId;
      this.capacityType = capacityType;
      this.imageId = imageId;
      this.launchTemplateName = launchTemplateName;
      this.launchTime = launchTime;
      this.tags = new LinkedHashMap<>(tags);
      this.securityGroupIds = List.copyOf(securityGroupIds);
      this.privateIp = privateIp;
    }

    public String id() {
      return id;
    }

    public String instanceType() {
      return instanceType;
    }

    public String zone() {
      return zone;
    }

    public String subnetId() {
      return subnetId;
    }

    public CapacityType capacityType() {
      return capacityType;
    }

    public String imageId() {
      return imageId;
    }

    public Map<String, String> tags() {
      return Collections.unmodifiableMap(tags);
    }

    public Instant launchTime() {
      return launchTime;
    }
  }

  public SimulatedAws(Catalog catalog, String region, Clock clock, long seed) {
    this.catalog = catalog;
    this.region = region;
    this.clock = clock;
    this.seed = seed;
    this.ec2 = new SimulatedEc2Client(this);
    this.pricing = new SimulatedPricingClient(this);
    this.ssm = new SimulatedSsmClient(this);
    this.sqs = new SimulatedSqsClient(region, clock);
    this.eventBridge = new SimulatedEventBridge(sqs, region, clock);
  }

  /** A backend over the built-in catalog. */
  public static SimulatedAws builtIn(String region, Clock clock) {
    return new SimulatedAws(BuiltInCatalog.get(), region, clock, 42);
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public PricingClient pricing() {
    return pricing;
  }

  public SsmClient ssm() {
    return ssm;
  }

  public SimulatedSqsClient sqs() {
    return sqs;
  }

  public Catalog catalog() {
    return catalog;
  }

  public String region() {
    return region;
  }

  public Clock clock() {
    return clock;
  }

  Instant now() {
    return clock.instant();
  }

  String nextId(String prefix) {
    return prefix + String.format("%017x", ids.getAndIncrement());
  }

  // ---- setup ----

  /** Adds a subnet in a zone with a number of free IPv4 addresses. */
  public Subnet addSubnet(String zone, int freeIps, Map<String, String> tags) {
    synchronized (lock) {
      Subnet s = new Subnet(nextId("subnet-"), zone, "vpc-sim", freeIps, tags, false);
      subnets.put(s.id, s);
      return s;
    }
  }

  /** Adds a security group. */
  public SecurityGroup addSecurityGroup(String name, Map<String, String> tags) {
    synchronized (lock) {
      SecurityGroup g = new SecurityGroup(nextId("sg-"), name, "vpc-sim", Map.copyOf(tags));
      securityGroups.put(g.id(), g);
      return g;
    }
  }

  /** Registers an image. */
  public Image addImage(
      String name, String architecture, Instant created, String owner, Map<String, String> tags) {
    synchronized (lock) {
      Image i = new Image(nextId("ami-"), name, architecture, created, owner, Map.copyOf(tags));
      images.put(i.id(), i);
      return i;
    }
  }

  /** Sets an SSM parameter (public parameters such as the EKS-optimized AMI ids included). */
  public void putParameter(String name, String value) {
    synchronized (lock) {
      parameters.put(name, value);
    }
  }

  /**
   * Seeds the public SSM parameters and images of the EKS-optimized AMIs (AL2, AL2023,
   * Bottlerocket, Ubuntu; x86_64, arm64 and GPU variants) for a Kubernetes minor version.
   *
   * @return parameter name → image id
   */
  public Map<String, String> seedEksAmis(String k8sVersion) {
    Map<String, String> seeded = new TreeMap<>();
    Instant created = now().minus(Duration.ofDays(7));
    for (String path : AmiPaths.all(k8sVersion)) {
      String arch = path.contains("arm64") ? "arm64" : "x86_64";
      Image image = addImage("sim" + path.replace('/', '-'), arch, created, "amazon", Map.of());
      putParameter(path, image.id());
      seeded.put(path, image.id());
    }
    return seeded;
  }

  /**
   * One subnet per catalog zone of the region (each with {@code freeIps}) and one security group,
   * all tagged {@code karpenter.sh/discovery=<cluster>}, plus the EKS AMIs for the version.
   */
  public void seedDefaultNetwork(String clusterName, int freeIps, String k8sVersion) {
    for (String zone : catalog.zones(region)) {
      addSubnet(
          zone, freeIps, Map.of("karpenter.sh/discovery", clusterName, "Name", "private-" + zone));
    }
    addSecurityGroup("nodes", Map.of("karpenter.sh/discovery", clusterName));
    seedEksAmis(k8sVersion);
  }

  /** Limits a capacity pool to {@code count} more instances (0 = exhausted). */
  public void setCapacity(CapacityType capacityType, String instanceType, String zone, int count) {
    synchronized (lock) {
      capacity.put(new PoolKey(capacityType, instanceType, zone), count);
    }
  }

  /** Exhausts every zone's pool of a capacity type for an instance type. */
  public void exhaust(CapacityType capacityType, String instanceType) {
    for (String zone : catalog.zones(region)) {
      setCapacity(capacityType, instanceType, zone, 0);
    }
  }

  /** Exhausts every spot pool of every instance type. */
  public void exhaustAllSpot() {
    for (String type : catalog.specs().keySet()) {
      exhaust(CapacityType.SPOT, type);
    }
  }

  /** Sets the spot price of a type in a zone from now on. */
  public void setSpotPrice(String instanceType, String zone, double price) {
    synchronized (lock) {
      spotPrices
          .computeIfAbsent(new SpotKey(instanceType, zone), k -> new ArrayDeque<>())
          .addLast(new PricePoint(now(), price));
    }
  }

  /** The next {@code times} calls of an operation (e.g. {@code CreateFleet}) fail with the code. */
  public void failNext(String operation, String errorCode, int times) {
    synchronized (lock) {
      Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        q.addLast(new Fault(errorCode, errorCode.startsWith("Unauthorized") ? 403 : 400));
      }
    }
  }

  /** The next {@code times} calls of an operation are throttled ({@code RequestLimitExceeded}). */
  public void throttle(String operation, int times) {
    synchronized (lock) {
      Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
      for (int i = 0; i < times; i++) {
        q.addLast(new Fault("RequestLimitExceeded", 503));
      }
    }
  }

  /**
   * EC2's eventual consistency: an instance shows up in filtered DescribeInstances listings (by
   * tag, by state) only this long after its launch. Lookups by instance id are not delayed.
   */
  public void setListingDelay(Duration d) {
    listingDelay = d;
  }

  /**
   * The next call of {@code operation} takes effect but its answer is lost on the way back: the
   * caller gets a client-side timeout, as when a connection drops after EC2 accepted the request.
   */
  public void loseNextResponse(String operation) {
    synchronized (lock) {
      lostResponses.add(operation);
    }
  }

  /** Whether the answer of this call of {@code operation} is lost. Caller holds the lock. */
  boolean loseResponse(String operation) {
    return lostResponses.remove(operation);
  }

  /** Whether a filtered listing shows {@code i} yet. */
  boolean listed(Instance i) {
    return !now().isBefore(i.launchTime.plus(listingDelay));
  }

  public void setPendingDuration(Duration d) {
    pendingDuration = d;
  }

  public void setShuttingDownDuration(Duration d) {
    shuttingDownDuration = d;
  }

  // ---- interruptions (the SQS queue and the four EventBridge rules) ----

  /** How long EC2 gives a reclaimed spot instance after its interruption warning. */
  public static final Duration SPOT_NOTICE = Duration.ofMinutes(2);

  /**
   * Creates the interruption queue and points the four EventBridge rules (spot interruption
   * warning, rebalance recommendation, instance state change, AWS Health) at it.
   */
  public void createInterruptionQueue(String name) {
    sqs.createQueue(
        software.amazon.awssdk.services.sqs.model.CreateQueueRequest.builder()
            .queueName(name)
            .build());
    eventBridge.target(name);
  }

  /**
   * EC2 reclaims a spot pool: no more capacity for (spot, type, zone), and every running spot
   * instance in it gets an interruption warning and terminates {@link #SPOT_NOTICE} later.
   *
   * @return the ids of the instances that will be reclaimed
   */
  public List<String> reclaimSpot(String instanceType, String zone) {
    List<String> reclaimed = new ArrayList<>();
    synchronized (lock) {
      capacity.put(new PoolKey(CapacityType.SPOT, instanceType, zone), 0);
      for (Instance i : instances.values()) {
        if (i.capacityType == CapacityType.SPOT
            && i.instanceType.equals(instanceType)
            && i.zone.equals(zone)
            && i.terminatedAt == null
            && i.reclaimAt == null) {
          i.reclaimAt = now().plus(SPOT_NOTICE);
          reclaimed.add(i.id);
        }
      }
    }
    reclaimed.forEach(eventBridge::spotInterruption);
    return reclaimed;
  }

  /** Sends a spot interruption warning for an instance (scripted; nothing else happens). */
  public void emitSpotInterruption(String instanceId) {
    eventBridge.spotInterruption(instanceId);
  }

  /** Sends a rebalance recommendation for an instance. */
  public void emitRebalanceRecommendation(String instanceId) {
    eventBridge.rebalanceRecommendation(instanceId);
  }

  /** Sends an instance state-change notification ({@code stopping}, {@code terminated}, ...). */
  public void emitStateChange(String instanceId, String state) {
    eventBridge.stateChange(instanceId, state);
  }

  /** Sends an AWS Health scheduled change (instance retirement) for instances. */
  public void emitScheduledChange(List<String> instanceIds) {
    eventBridge.scheduledChange(instanceIds);
  }

  /** A reclaimed spot instance starts shutting down when its notice runs out. */
  private void reclaimIfDue(Instance i) {
    if (i.terminatedAt == null && i.reclaimAt != null && !now().isBefore(i.reclaimAt)) {
      i.terminatedAt = i.reclaimAt;
    }
  }

  // ---- inspection ----

  /** Every call recorded so far. */
  public List<RecordedRequest> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The recorded requests of one type, e.g. {@code CreateFleetRequest.class}. */
  public <T extends SdkRequest> List<T> requests(Class<T> type) {
    synchronized (lock) {
      return requests.stream()
          .map(RecordedRequest::request)
          .filter(type::isInstance)
          .map(type::cast)
          .toList();
    }
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    synchronized (lock) {
      requests.clear();
    }
  }

  /** Instances not yet terminated (pending, running or shutting down). */
  public List<Instance> liveInstances() {
    synchronized (lock) {
      return instances.values().stream().filter(i -> !state(i).equals("terminated")).toList();
    }
  }

  public Optional<Subnet> subnet(String id) {
    synchronized (lock) {
      return Optional.ofNullable(subnets.get(id));
    }
  }

  /** Deletes a launch template behind the provider's back (as an operator might). */
  public void deleteLaunchTemplateOutOfBand(String name) {
    synchronized (lock) {
      launchTemplates.values().removeIf(t -> t.name.equals(name));
    }
  }

  /** Names of the launch templates that exist. */
  public List<String> launchTemplateNames() {
    synchronized (lock) {
      return launchTemplates.values().stream().map(t -> t.name).toList();
    }
  }

  // ---- used by the clients ----

  /** Records the call and raises an injected fault, if one is queued. Caller holds the lock. */
  void enter(String operation, SdkRequest request) {
    requests.add(new RecordedRequest(operation, request, now()));
    Deque<Fault> q = faults.get(operation);
    if (q != null && !q.isEmpty()) {
      Fault f = q.removeFirst();
      throw ec2Error(f.errorCode(), "injected fault for " + operation, f.statusCode());
    }
  }

  static Ec2Exception ec2Error(String code, String message, int status) {
    return (Ec2Exception)
        Ec2Exception.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode(code)
                    .errorMessage(message)
                    .serviceName("Ec2")
                    .build())
            .statusCode(status)
            .message(message + " (Service: Ec2, Status Code: " + status + ")")
            .build();
  }

  /** Instance state on the clock. Caller holds the lock. */
  String state(Instance i) {
    reclaimIfDue(i);
    Instant now = now();
    if (i.terminatedAt != null) {
      return now.isBefore(i.terminatedAt.plus(shuttingDownDuration))
          ? "shutting-down"
          : "terminated";
    }
    return now.isBefore(i.launchTime.plus(pendingDuration)) ? "pending" : "running";
  }

  boolean visible(Instance i) {
    reclaimIfDue(i);
    return i.terminatedAt == null
        || now().isBefore(i.terminatedAt.plus(shuttingDownDuration).plus(TERMINATED_VISIBILITY));
  }

  Optional<Double> onDemandPrice(String type) {
    return catalog.priceLookup(region).onDemand(type);
  }

  /** The current spot price: the last one set, else a stable per-pool discount off on-demand. */
  Optional<Double> spotPrice(String type, String zone) {
    Deque<PricePoint> history = spotPrices.get(new SpotKey(type, zone));
    if (history != null && !history.isEmpty()) {
      return Optional.of(history.peekLast().price());
    }
    Optional<InstanceTypeSpec> spec = catalog.spec(type);
    if (spec.isEmpty() || !spec.get().spotSupported()) {
      return Optional.empty();
    }
    return onDemandPrice(type)
        .map(
            od -> {
              long h = (type + "/" + zone + "/" + seed).hashCode() & 0xffffL;
              double discount = 0.3 + 0.4 * (h / 65535.0);
              return Math.round(od * (1 - discount) * 1e6) / 1e6;
            });
  }

  /** Remaining capacity of a pool: empty = unlimited. Caller holds the lock. */
  Optional<Integer> remaining(PoolKey key) {
    return Optional.ofNullable(capacity.get(key));
  }

  void consume(PoolKey key) {
    capacity.computeIfPresent(key, (k, v) -> Math.max(0, v - 1));
  }

  SortedMap<String, InstanceTypeSpec> specs() {
    return new TreeMap<>(catalog.specs());
  }
}
