package dev.dovetail.aws.launchtemplate;

import dev.dovetail.aws.cache.CacheTtls;
import dev.dovetail.aws.cache.TtlCache;
import dev.dovetail.aws.nodeclass.NodeClassSpec.BlockDevice;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateEbsBlockDeviceRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceNetworkInterfaceSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplatesMonitoringRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Finds or creates the launch template of a resolved option set: in-memory cache ({@link #TTL}) →
 * DescribeLaunchTemplates → CreateLaunchTemplate. Templates are tagged {@code
 * karpenter.k8s.aws/cluster=<cluster>} so they can be listed and deleted.
 */
public final class LaunchTemplateProvider {
  /** How long a known template is trusted without asking EC2. */
  public static final Duration TTL = CacheTtls.LAUNCH_TEMPLATES;

  public static final String CLUSTER_TAG = "karpenter.k8s.aws/cluster";
  private static final Logger LOG = LoggerFactory.getLogger(LaunchTemplateProvider.class);

  private final Ec2Client ec2;
  private final TtlCache<String, String> known;

  public LaunchTemplateProvider(Ec2Client ec2, Clock clock) {
    this.ec2 = ec2;
    this.known = new TtlCache<>(clock, TTL);
  }

  /** The template's name, creating it in EC2 when it does not exist. */
  public String ensure(LaunchTemplateOptions options) {
    String name = options.name();
    return known.get(name, () -> findOrCreate(name, options));
  }

  /**
   * Forgets a template (after EC2 said it does not exist) so the next {@link #ensure} recreates it.
   */
  public void invalidate(String name) {
    known.invalidate(name);
  }

  /** Deletes every template of the cluster (at shutdown or for cleanup); returns their names. */
  public List<String> deleteAll(String clusterName) {
    List<String> deleted = new ArrayList<>();
    ec2.describeLaunchTemplatesPaginator(
            DescribeLaunchTemplatesRequest.builder()
                .filters(Filter.builder().name("tag:" + CLUSTER_TAG).values(clusterName).build())
                .build())
        .launchTemplates()
        .forEach(
            t -> {
              ec2.deleteLaunchTemplate(
                  DeleteLaunchTemplateRequest.builder()
                      .launchTemplateId(t.launchTemplateId())
                      .build());
              known.invalidate(t.launchTemplateName());
              deleted.add(t.launchTemplateName());
            });
    return deleted;
  }

  private String findOrCreate(String name, LaunchTemplateOptions o) {
    try {
      var found =
          ec2.describeLaunchTemplates(
              DescribeLaunchTemplatesRequest.builder().launchTemplateNames(name).build());
      if (found.hasLaunchTemplates() && !found.launchTemplates().isEmpty()) {
        return name;
      }
    } catch (Ec2Exception e) {
      if (!isNotFound(e)) {
        throw e;
      }
    }
    try {
      ec2.createLaunchTemplate(
          CreateLaunchTemplateRequest.builder()
              .launchTemplateName(name)
              .launchTemplateData(data(o))
              .tagSpecifications(
                  TagSpecification.builder()
                      .resourceType("launch-template")
                      .tags(tags(withCluster(o)))
                      .build())
              .build());
      LOG.atDebug().addKeyValue("launch-template-name", name).log("created launch template");
    } catch (Ec2Exception e) {
      // Machines launched in parallel with the same options race to create the same template;
      // the name is a hash of the options, so the one that won is exactly the one we need.
      if (!isAlreadyExists(e)) {
        throw e;
      }
    }
    return name;
  }

  static boolean isAlreadyExists(Ec2Exception e) {
    return e.awsErrorDetails() != null
        && "InvalidLaunchTemplateName.AlreadyExistsException"
            .equals(e.awsErrorDetails().errorCode());
  }

  static boolean isNotFound(Ec2Exception e) {
    return e.awsErrorDetails() != null
        && "InvalidLaunchTemplateName.NotFoundException".equals(e.awsErrorDetails().errorCode());
  }

  private static Map<String, String> withCluster(LaunchTemplateOptions o) {
    Map<String, String> tags = new LinkedHashMap<>(o.tags());
    tags.put(CLUSTER_TAG, o.clusterName());
    return tags;
  }

  /** The launch template data EC2 gets for an option set. */
  public static RequestLaunchTemplateData data(LaunchTemplateOptions o) {
    RequestLaunchTemplateData.Builder b =
        RequestLaunchTemplateData.builder()
            .imageId(o.amiId())
            .userData(o.userDataBase64())
            .monitoring(
                LaunchTemplatesMonitoringRequest.builder().enabled(o.detailedMonitoring()).build())
            .metadataOptions(
                LaunchTemplateInstanceMetadataOptionsRequest.builder()
                    .httpEndpoint(o.metadata().httpEndpoint())
                    .httpProtocolIpv6(o.metadata().httpProtocolIpv6())
                    .httpPutResponseHopLimit(o.metadata().httpPutResponseHopLimit())
                    .httpTokens(o.metadata().httpTokens())
                    .build())
            .blockDeviceMappings(
                o.blockDevices().stream().map(LaunchTemplateProvider::device).toList())
            .tagSpecifications(
                LaunchTemplateTagSpecificationRequest.builder()
                    .resourceType("instance")
                    .tags(tags(o.tags()))
                    .build(),
                LaunchTemplateTagSpecificationRequest.builder()
                    .resourceType("volume")
                    .tags(tags(o.tags()))
                    .build());
    if (o.instanceProfile() != null && !o.instanceProfile().isEmpty()) {
      b.iamInstanceProfile(
          LaunchTemplateIamInstanceProfileSpecificationRequest.builder()
              .name(o.instanceProfile())
              .build());
    }
    if (Boolean.FALSE.equals(o.associatePublicIp())) {
      // security groups go on the interface when it is given explicitly
      b.networkInterfaces(
          LaunchTemplateInstanceNetworkInterfaceSpecificationRequest.builder()
              .deviceIndex(0)
              .associatePublicIpAddress(false)
              .groups(o.securityGroupIds())
              .build());
    } else {
      b.securityGroupIds(o.securityGroupIds());
    }
    return b.build();
  }

  private static LaunchTemplateBlockDeviceMappingRequest device(BlockDevice d) {
    LaunchTemplateEbsBlockDeviceRequest.Builder ebs =
        LaunchTemplateEbsBlockDeviceRequest.builder()
            .volumeSize((int) d.volumeSizeGib())
            .volumeType(d.volumeType())
            .encrypted(d.encrypted())
            .deleteOnTermination(d.deleteOnTermination());
    if (d.iops() != null) {
      ebs.iops(d.iops());
    }
    if (d.throughput() != null) {
      ebs.throughput(d.throughput());
    }
    if (d.kmsKeyId() != null) {
      ebs.kmsKeyId(d.kmsKeyId());
    }
    if (d.snapshotId() != null) {
      ebs.snapshotId(d.snapshotId());
    }
    return LaunchTemplateBlockDeviceMappingRequest.builder()
        .deviceName(d.deviceName())
        .ebs(ebs.build())
        .build();
  }

  private static List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }
}
