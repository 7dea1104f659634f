package dev.dovetail.testing.fake;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Offering;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.scheduling.fixtures.ScenarioTypes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory {@link CloudProvider} for controller tests, in the manner of Karpenter's fake: it
 * records every create, delete and get; launches the cheapest available offering that satisfies a
 * request's requirements and fits its requests; keeps one instance per Machine name (a repeated
 * create returns it); forgets an instance on delete, so the next delete or get reports not found.
 * Failures are injected with {@link #nextCreateError}, {@link #insufficientCapacity} and {@link
 * #allowedCreateCalls}. Instance types default to {@link ScenarioTypes#all()}. Thread-safe.
 */
public final class FakeCloudProvider implements CloudProvider {
  /** Provider ids look like {@code fake:///us-east-1a/i-00000000000000001}. */
  public static final String SCHEME = "fake:///";

  private final Clock clock;
  private final List<LaunchRequest> createCalls = new ArrayList<>();
  private final List<String> deleteCalls = new ArrayList<>();
  private final List<String> getCalls = new ArrayList<>();
  private final Map<String, LaunchedMachine> instances = new LinkedHashMap<>();
  private final Map<String, List<InstanceType>> instanceTypesByPool = new HashMap<>();
  private final Set<String> exhausted = new HashSet<>();
  private List<InstanceType> instanceTypes = ScenarioTypes.all();
  private RuntimeException nextCreateError;
  private RuntimeException nextDeleteError;
  private RuntimeException nextGetError;
  private int allowedCreateCalls = Integer.MAX_VALUE;
  private Optional<String> drift = Optional.empty();
  private long sequence;

  public FakeCloudProvider(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized LaunchedMachine create(LaunchRequest request) {
    createCalls.add(request);
    if (nextCreateError != null) {
      RuntimeException e = nextCreateError;
      nextCreateError = null;
      throw e;
    }
    if (createCalls.size() > allowedCreateCalls) {
      throw new CreateErrorException(
          "LimitExceeded", "creating instance, more than " + allowedCreateCalls + " create calls");
    }
    for (LaunchedMachine existing : instances.values()) {
      if (existing.machineName().equals(request.machineName())) {
        return existing;
      }
    }
    Choice choice = cheapest(request);
    if (choice == null) {
      throw new InsufficientCapacityException(
          "creating instance, insufficient capacity, all requested instance types were unavailable"
              + " during launch");
    }
    String providerId =
        SCHEME + choice.offering.zone() + "/i-" + String.format("%017x", ++sequence);
    LaunchedMachine launched =
        new LaunchedMachine(
            request.machineName(),
            providerId,
            choice.type.name(),
            choice.offering.zone(),
            choice.offering.capacityType(),
            "ami-fake",
            labels(choice),
            Map.of(),
            choice.type.capacity(),
            choice.type.allocatable(),
            "running",
            clock.instant());
    instances.put(providerId, launched);
    return launched;
  }

  private record Choice(InstanceType type, Offering offering) {}

  private Choice cheapest(LaunchRequest request) {
    Choice best = null;
    List<InstanceType> types =
        instanceTypesByPool.getOrDefault(request.nodePoolName(), instanceTypes);
    for (InstanceType type : types.stream().sorted(InstanceType.BY_NAME).toList()) {
      if (!request.requests().fitsIn(type.allocatable())) {
        continue;
      }
      for (Offering offering : type.offerings()) {
        if (!offering.available()
            || exhausted.contains(key(offering.capacityType(), type.name(), offering.zone()))) {
          continue;
        }
        Requirements offered =
            type.requirements()
                .and(Requirement.in(WellKnownLabels.ZONE, offering.zone()))
                .and(
                    Requirement.in(WellKnownLabels.CAPACITY_TYPE, offering.capacityType().label()));
        if (offered.intersectionConflict(request.requirements()) != null) {
          continue;
        }
        if (best == null || offering.pricePerHour() < best.offering.pricePerHour()) {
          best = new Choice(type, offering);
        }
      }
    }
    return best;
  }

  private static Map<String, String> labels(Choice choice) {
    Map<String, String> labels = new TreeMap<>(choice.type.requirements().labels());
    labels.put(WellKnownLabels.INSTANCE_TYPE, choice.type.name());
    labels.put(WellKnownLabels.ZONE, choice.offering.zone());
    labels.put(WellKnownLabels.CAPACITY_TYPE, choice.offering.capacityType().label());
    return labels;
  }

  @Override
  public synchronized void delete(String providerId) {
    deleteCalls.add(providerId);
    if (nextDeleteError != null) {
      RuntimeException e = nextDeleteError;
      nextDeleteError = null;
      throw e;
    }
    if (instances.remove(providerId) == null) {
      throw new MachineNotFoundException(providerId, "instance " + providerId + " not found");
    }
  }

  @Override
  public synchronized LaunchedMachine get(String providerId) {
    getCalls.add(providerId);
    if (nextGetError != null) {
      RuntimeException e = nextGetError;
      nextGetError = null;
      throw e;
    }
    LaunchedMachine instance = instances.get(providerId);
    if (instance == null) {
      throw new MachineNotFoundException(providerId, "instance " + providerId + " not found");
    }
    return instance;
  }

  @Override
  public synchronized List<LaunchedMachine> list() {
    return List.copyOf(instances.values());
  }

  @Override
  public synchronized List<InstanceType> instanceTypes(Provisioner provisioner) {
    return instanceTypesByPool.getOrDefault(provisioner.getMetadata().getName(), instanceTypes);
  }

  @Override
  public synchronized Optional<String> drifted(LaunchedMachine machine, ProviderRef nodeClassRef) {
    return drift;
  }

  @Override
  public String name() {
    return "fake";
  }

  /** The instance types every pool sees unless set per pool. */
  public synchronized void setInstanceTypes(List<InstanceType> types) {
    instanceTypes = List.copyOf(types);
  }

  public synchronized void setInstanceTypes(String nodePool, List<InstanceType> types) {
    instanceTypesByPool.put(nodePool, List.copyOf(types));
  }

  /** Makes one offering fail with insufficient capacity until {@link #reset}. */
  public synchronized void insufficientCapacity(
      String instanceType, String zone, CapacityType capacityType) {
    exhausted.add(key(capacityType, instanceType, zone));
  }

  /** Makes every offering of every type fail with insufficient capacity. */
  public synchronized void insufficientCapacityEverywhere() {
    for (InstanceType type : instanceTypes) {
      for (Offering o : type.offerings()) {
        exhausted.add(key(o.capacityType(), type.name(), o.zone()));
      }
    }
  }

  /** The next create throws {@code error} (once). */
  public synchronized void nextCreateError(RuntimeException error) {
    nextCreateError = error;
  }

  public synchronized void nextDeleteError(RuntimeException error) {
    nextDeleteError = error;
  }

  public synchronized void nextGetError(RuntimeException error) {
    nextGetError = error;
  }

  /** Creates beyond this many calls fail with a create error. */
  public synchronized void allowedCreateCalls(int calls) {
    allowedCreateCalls = calls;
  }

  public synchronized void setDrift(Optional<String> reason) {
    drift = reason;
  }

  /** An instance the cloud has without any create call, e.g. one launched by a previous run. */
  public synchronized void addInstance(LaunchedMachine instance) {
    instances.put(instance.providerId(), instance);
  }

  /** The instance disappears out of band (terminated by someone else, spot reclaimed). */
  public synchronized void vanish(String providerId) {
    instances.remove(providerId);
  }

  public synchronized List<LaunchRequest> createCalls() {
    return List.copyOf(createCalls);
  }

  public synchronized List<String> deleteCalls() {
    return List.copyOf(deleteCalls);
  }

  public synchronized List<String> getCalls() {
    return List.copyOf(getCalls);
  }

  /** Instances not terminated, in launch order. */
  public synchronized List<LaunchedMachine> instances() {
    return List.copyOf(instances.values());
  }

  /** Forgets instances, calls, injected errors and instance-type overrides. */
  public synchronized void reset() {
    createCalls.clear();
    deleteCalls.clear();
    getCalls.clear();
    instances.clear();
    instanceTypesByPool.clear();
    exhausted.clear();
    instanceTypes = ScenarioTypes.all();
    nextCreateError = null;
    nextDeleteError = null;
    nextGetError = null;
    allowedCreateCalls = Integer.MAX_VALUE;
    drift = Optional.empty();
  }

  private static String key(CapacityType capacityType, String instanceType, String zone) {
    return capacityType.label() + "/" + instanceType + "/" + zone;
  }
}
