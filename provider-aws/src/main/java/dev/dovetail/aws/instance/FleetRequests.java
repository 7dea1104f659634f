package dev.dovetail.aws.instance;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.instancetype.InstanceTypeInfo;
import dev.dovetail.aws.launchtemplate.BootstrapOptions;
import dev.dovetail.aws.launchtemplate.LaunchTemplateOptions;
import dev.dovetail.aws.launchtemplate.LaunchTemplateProvider;
import dev.dovetail.aws.launchtemplate.UserData;
import dev.dovetail.aws.nodeclass.ResolvedNodeClass;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.cloudprovider.CreateErrorException;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.Offering;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateOverridesRequest;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.OnDemandOptionsRequest;
import software.amazon.awssdk.services.ec2.model.SpotOptionsRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TargetCapacitySpecificationRequest;

/**
 * Builds what a launch sends to EC2: one launch template per (AMI, max pods) group of the selected
 * types, the tags, and the {@code instant} CreateFleet request for one instance over the selected
 * offerings (spot with {@code price-capacity-optimized}, on-demand with {@code lowest-price}).
 */
public final class FleetRequests {
  private final AwsSettings settings;
  private final LaunchTemplateProvider launchTemplates;

  FleetRequests(AwsSettings settings, LaunchTemplateProvider launchTemplates) {
    this.settings = settings;
    this.launchTemplates = launchTemplates;
  }

  /** The newest AMI that suits a type, or empty when none does. */
  static Optional<ResolvedNodeClass.Ami> ami(InstanceProvider.LaunchSpec spec, InstanceTypeInfo t) {
    return spec.nodeClass().amis().stream()
        .filter(a -> a.suits(t.spec().architecture(), t.spec().hasAccelerators()))
        .max(Comparator.comparing(ResolvedNodeClass.Ami::created));
  }

  static String amiFor(
      InstanceProvider.LaunchSpec spec, String typeName, List<InstanceTypeInfo> types) {
    return types.stream()
        .filter(t -> t.name().equals(typeName))
        .findFirst()
        .flatMap(t -> ami(spec, t))
        .map(ResolvedNodeClass.Ami::id)
        .orElse("");
  }

  /** Groups types by (AMI, max pods) and ensures one launch template per group. */
  Map<String, List<InstanceTypeInfo>> templates(
      InstanceProvider.LaunchSpec spec, List<InstanceTypeInfo> types) {
    Map<List<Object>, List<InstanceTypeInfo>> groups = new LinkedHashMap<>();
    for (InstanceTypeInfo t : types) {
      Optional<ResolvedNodeClass.Ami> ami = ami(spec, t);
      if (ami.isEmpty()) {
        continue;
      }
      groups
          .computeIfAbsent(
              List.of(ami.get().id(), t.capacity().getOrDefault("pods", 0L)),
              k -> new ArrayList<>())
          .add(t);
    }
    if (groups.isEmpty()) {
      throw new CreateErrorException(
          "NoCompatibleAMI",
          "AWSNodeTemplate "
              + spec.nodeClass().spec().name()
              + ": no resolved AMI suits any of the candidate instance types");
    }
    Map<String, List<InstanceTypeInfo>> byName = new LinkedHashMap<>();
    AmiFamily family = spec.nodeClass().spec().amiFamily();
    boolean anyPublic =
        spec.nodeClass().subnets().stream().anyMatch(ResolvedNodeClass.Subnet::mapPublicIpOnLaunch);
    for (var e : groups.entrySet()) {
      String amiId = (String) e.getKey().get(0);
      long pods = (Long) e.getKey().get(1);
      BootstrapOptions bootstrap =
          new BootstrapOptions(
              settings.clusterName(),
              settings.clusterEndpoint(),
              settings.clusterCaBundle(),
              "",
              spec.labels(),
              spec.taints(),
              pods,
              spec.kubelet(),
              spec.nodeClass().spec().userData());
      var nc = spec.nodeClass().spec();
      LaunchTemplateOptions options =
          new LaunchTemplateOptions(
              settings.clusterName(),
              amiId,
              UserData.encoded(family, bootstrap),
              spec.nodeClass().securityGroups().stream()
                  .map(ResolvedNodeClass.SecurityGroup::id)
                  .toList(),
              nc.instanceProfile() != null
                  ? nc.instanceProfile()
                  : settings.defaultInstanceProfile(),
              nc.blockDeviceMappings().isEmpty()
                  ? LaunchTemplateOptions.defaultBlockDevices(family)
                  : nc.blockDeviceMappings(),
              nc.metadataOptions(),
              nc.detailedMonitoring(),
              anyPublic ? null : Boolean.FALSE,
              templateTags(spec));
      byName.put(launchTemplates.ensure(options), e.getValue());
    }
    return byName;
  }

  /** Instance tags minus the per-machine one, so machines share launch templates. */
  private Map<String, String> templateTags(InstanceProvider.LaunchSpec spec) {
    Map<String, String> tags = instanceTags(spec);
    tags.remove(InstanceProvider.MACHINE_TAG);
    return tags;
  }

  Map<String, String> instanceTags(InstanceProvider.LaunchSpec spec) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Name", InstanceProvider.PROVISIONER_TAG + "/" + spec.nodePoolName());
    tags.putAll(settings.tags());
    tags.putAll(spec.nodeClass().spec().tags());
    tags.put("kubernetes.io/cluster/" + settings.clusterName(), "owned");
    tags.put(InstanceProvider.PROVISIONER_TAG, spec.nodePoolName());
    tags.put(InstanceProvider.MANAGED_BY_TAG, settings.clusterName());
    tags.put(InstanceProvider.MACHINE_TAG, spec.machineName());
    return tags;
  }

  CreateFleetRequest fleetRequest(
      InstanceProvider.LaunchSpec spec,
      Map<String, List<InstanceTypeInfo>> byTemplate,
      OfferingSelection selection) {
    CapacityType capacityType = selection.capacityType();
    List<FleetLaunchTemplateConfigRequest> configs = new ArrayList<>();
    byTemplate.forEach(
        (name, types) -> {
          List<FleetLaunchTemplateOverridesRequest> overrides = new ArrayList<>();
          for (InstanceTypeInfo t : types) {
            for (Offering o : selection.offerings(t)) {
              overrides.add(
                  FleetLaunchTemplateOverridesRequest.builder()
                      .instanceType(t.name())
                      .subnetId(selection.subnet(o.zone()).id())
                      .availabilityZone(o.zone())
                      .build());
            }
          }
          if (!overrides.isEmpty()) {
            configs.add(
                FleetLaunchTemplateConfigRequest.builder()
                    .launchTemplateSpecification(
                        FleetLaunchTemplateSpecificationRequest.builder()
                            .launchTemplateName(name)
                            .version("$Latest")
                            .build())
                    .overrides(overrides)
                    .build());
          }
        });
    Map<String, String> tags = instanceTags(spec);
    CreateFleetRequest.Builder b =
        CreateFleetRequest.builder()
            .type("instant")
            .clientToken(
                clientToken(settings.clusterName(), spec.machineName(), configs, capacityType))
            .launchTemplateConfigs(configs)
            .targetCapacitySpecification(
                TargetCapacitySpecificationRequest.builder()
                    .totalTargetCapacity(1)
                    .defaultTargetCapacityType(capacityType.label())
                    .build())
            .tagSpecifications(
                tagSpec("instance", tags), tagSpec("volume", tags), tagSpec("fleet", tags));
    if (capacityType == CapacityType.SPOT) {
      b.spotOptions(
          SpotOptionsRequest.builder().allocationStrategy("price-capacity-optimized").build());
    } else {
      b.onDemandOptions(
          OnDemandOptionsRequest.builder().allocationStrategy("lowest-price").build());
    }
    return b.build();
  }

  /**
   * A ClientToken derived from the machine and what the request asks for. Retrying the same request
   * cannot start a second instance; a retry whose overrides changed (an offering marked
   * unavailable, another subnet) gets a new token, because EC2 rejects a reused token with other
   * parameters. Such a retry still cannot double-launch: {@link InstanceProvider#byMachine} finds
   * an instance that an earlier attempt started, by the machine tag it was launched with.
   */
  public static String clientToken(
      String cluster, String machineName, List<?> launchConfigs, CapacityType capacityType) {
    String identity =
        cluster + "/" + machineName + "\n" + capacityType.label() + "\n" + launchConfigs;
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return "dovetail-" + HexFormat.of().formatHex(d).substring(0, 48);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TagSpecification tagSpec(String resource, Map<String, String> tags) {
    return TagSpecification.builder()
        .resourceType(resource)
        .tags(
            tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .toList())
        .build();
  }
}
