package dev.dovetail.aws.cloudprovider;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerSpec;
import dev.dovetail.aws.api.v1alpha1.AwsLabels;
import dev.dovetail.aws.instance.InstanceProvider;
import dev.dovetail.aws.instance.LaunchedInstance;
import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.instancetype.InstanceTypeLabels;
import dev.dovetail.aws.instancetype.InstanceTypeProvider;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.aws.nodeclass.NodeClassResolver;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.nodeclass.ResolvedNodeClass;
import dev.dovetail.cloudprovider.CloudProvider;
import dev.dovetail.cloudprovider.InsufficientCapacityException;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.cloudprovider.MachineNotFoundException;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Operator;
import dev.dovetail.scheduling.Requirement;
import dev.dovetail.scheduling.Requirements;
import dev.dovetail.scheduling.WellKnownLabels;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The AWS {@link CloudProvider}: resolves the AWSNodeTemplate, lists instance types for its zones,
 * keeps those compatible with the request that fit it, and launches through CreateFleet.
 */
public final class AwsCloudProvider implements CloudProvider {
  /** Annotation carrying the node template hash used for drift. */
  public static final String NODE_TEMPLATE_HASH = "karpenter.k8s.aws/nodetemplate-hash";

  /** Keys a machine may require although a type leaves them undefined: core and AWS labels. */
  private static final Set<String> WELL_KNOWN = wellKnown();

  private final String region;
  private final Function<String, Optional<NodeClassSpec>> nodeClasses;
  private final NodeClassResolver resolver;
  private final InstanceTypeProvider instanceTypes;
  private final InstanceProvider instances;

  /**
   * @param nodeClasses node class by name (from the AWSNodeTemplate informer, or a fixed map)
   */
  public AwsCloudProvider(
      String region,
      Function<String, Optional<NodeClassSpec>> nodeClasses,
      NodeClassResolver resolver,
      InstanceTypeProvider instanceTypes,
      InstanceProvider instances) {
    this.region = region;
    this.nodeClasses = nodeClasses;
    this.resolver = resolver;
    this.instanceTypes = instanceTypes;
    this.instances = instances;
  }

  @Override
  public String name() {
    return "aws";
  }

  private NodeClassSpec nodeClass(ProviderRef ref, String owner) {
    if (ref == null || ref.name() == null) {
      throw new NodeClassNotReadyException(owner + " has no providerRef to an AWSNodeTemplate");
    }
    return nodeClasses
        .apply(ref.name())
        .orElseThrow(
            () ->
                new NodeClassNotReadyException(
                    "AWSNodeTemplate " + ref.name() + " (referenced by " + owner + ") not found"));
  }

  @Override
  public LaunchedMachine create(LaunchRequest request) {
    KubeletConfig kubelet = KubeletConfig.from(request.kubelet());
    NodeClassSpec spec = nodeClass(request.nodeClassRef(), "Machine " + request.machineName());
    ResolvedNodeClass resolved = resolver.resolve(spec);
    List<InstanceTypeInfo> all = instanceTypes.list(resolved.zones(), spec.amiFamily(), kubelet);
    Requirements reqs = request.requirements();
    Requirement zones = reqs.get(WellKnownLabels.ZONE);
    Requirement capacityTypes = reqs.get(WellKnownLabels.CAPACITY_TYPE);
    List<InstanceTypeInfo> candidates =
        all.stream()
            .filter(
                t -> {
                  InstanceType engine = t.toInstanceType();
                  return engine.requirements().incompatibility(reqs, WELL_KNOWN) == null
                      && request.requests().fitsIn(engine.allocatable())
                      && engine.cheapestPrice(reqs).isPresent();
                })
            .toList();
    if (candidates.isEmpty()) {
      throw new InsufficientCapacityException(
          "no instance type of "
              + all.size()
              + " satisfies the requirements and resources of Machine "
              + request.machineName()
              + " with an available offering");
    }
    InstanceProvider.LaunchSpec launch =
        new InstanceProvider.LaunchSpec(
            request.machineName(),
            request.nodePoolName(),
            resolved,
            candidates,
            z -> zones == null || zones.allows(z),
            c -> capacityTypes == null || capacityTypes.allows(c.label()),
            request.labels(),
            concat(request.taints(), request.startupTaints()),
            kubelet);
    LaunchedInstance instance = instances.create(launch);
    InstanceTypeInfo type =
        candidates.stream()
            .filter(t -> t.name().equals(instance.instanceType()))
            .findFirst()
            .orElseGet(
                () ->
                    all.stream()
                        .filter(t -> t.name().equals(instance.instanceType()))
                        .findFirst()
                        .orElseThrow());
    Map<String, String> labels = new TreeMap<>(type.labels());
    labels.put(WellKnownLabels.ZONE, instance.zone());
    labels.put(WellKnownLabels.CAPACITY_TYPE, instance.capacityType().label());
    labels.put(WellKnownLabels.PROVISIONER_NAME, request.nodePoolName());
    for (Requirement r : reqs.all()) {
      if (r.operator() == Operator.IN && r.size() == 1) {
        labels.put(r.key(), r.anyValue());
      }
    }
    labels.putAll(request.labels());
    InstanceType engine = type.toInstanceType();
    return new LaunchedMachine(
        request.machineName(),
        instance.providerId(),
        instance.instanceType(),
        instance.zone(),
        instance.capacityType(),
        instance.imageId(),
        labels,
        Map.of(NODE_TEMPLATE_HASH, spec.hash()),
        engine.capacity(),
        engine.allocatable(),
        instance.state(),
        instance.launchTime());
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Override
  public void delete(String providerId) {
    instances.terminate(instanceId(providerId));
  }

  @Override
  public LaunchedMachine get(String providerId) {
    return toMachine(instances.get(instanceId(providerId)));
  }

  @Override
  public List<LaunchedMachine> list() {
    return instances.list().stream().map(this::toMachine).toList();
  }

  private static String instanceId(String providerId) {
    try {
      return LaunchedInstance.instanceId(providerId);
    } catch (IllegalArgumentException e) {
      throw new MachineNotFoundException(providerId, e.getMessage());
    }
  }

  private LaunchedMachine toMachine(LaunchedInstance i) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(InstanceTypeLabels.INSTANCE_TYPE, i.instanceType());
    labels.put(WellKnownLabels.ZONE, i.zone());
    labels.put(WellKnownLabels.REGION, region);
    labels.put(WellKnownLabels.CAPACITY_TYPE, i.capacityType().label());
    String pool = i.tags().get(InstanceProvider.PROVISIONER_TAG);
    if (pool != null) {
      labels.put(WellKnownLabels.PROVISIONER_NAME, pool);
    }
    return new LaunchedMachine(
        i.tags().getOrDefault(InstanceProvider.MACHINE_TAG, ""),
        i.providerId(),
        i.instanceType(),
        i.zone(),
        i.capacityType(),
        i.imageId(),
        labels,
        Map.of(),
        null,
        null,
        i.state(),
        i.launchTime());
  }

  @Override
  public List<InstanceType> instanceTypes(Provisioner provisioner) {
    ProvisionerSpec pool = provisioner.getSpec();
    KubeletConfig kubelet = KubeletConfig.from(pool == null ? null : pool.kubeletConfiguration());
    NodeClassSpec spec =
        nodeClass(
            pool == null ? null : pool.providerRef(),
            "Provisioner " + provisioner.getMetadata().getName());
    Set<String> zones = new HashSet<>();
    resolver.subnets(spec).forEach(s -> zones.add(s.zone()));
    return instanceTypes.engineTypes(zones, spec.amiFamily(), kubelet);
  }

  @Override
  public Optional<String> drifted(LaunchedMachine machine, ProviderRef nodeClassRef) {
    NodeClassSpec spec = nodeClass(nodeClassRef, "Machine " + machine.machineName());
    String hash = machine.annotations().get(NODE_TEMPLATE_HASH);
    if (hash != null && !hash.equals(spec.hash())) {
      return Optional.of("NodeTemplateDrift");
    }
    LaunchedInstance instance = instances.get(instanceId(machine.providerId()));
    ResolvedNodeClass resolved = resolver.resolve(spec);
    if (!instance.imageId().isEmpty()
        && resolved.amis().stream().noneMatch(a -> a.id().equals(instance.imageId()))) {
      return Optional.of("AMIDrift");
    }
    if (!instance.subnetId().isEmpty()
        && resolved.subnets().stream().noneMatch(s -> s.id().equals(instance.subnetId()))) {
      return Optional.of("SubnetDrift");
    }
    Set<String> wanted = new HashSet<>();
    resolved.securityGroups().forEach(g -> wanted.add(g.id()));
    if (!instance.securityGroupIds().isEmpty()
        && !wanted.equals(new HashSet<>(instance.securityGroupIds()))) {
      return Optional.of("SecurityGroupDrift");
    }
    return Optional.empty();
  }

  /** Whether a type offers the capacity type at all (used in messages). */
  static boolean offers(InstanceTypeInfo t, CapacityType c) {
    return t.offerings().stream().anyMatch(o -> o.capacityType() == c);
  }

  private static Set<String> wellKnown() {
    Set<String> keys = new HashSet<>(WellKnownLabels.WELL_KNOWN);
    keys.addAll(AwsLabels.ALL);
    return Set.copyOf(keys);
  }
}
