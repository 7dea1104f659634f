package dev.dovetail.aws.model;

import java.util.List;
import java.util.Map;

/**
 * How to launch EC2 instances for a pool: where (subnets, security groups), from which AMIs, with
 * which user data, storage, metadata options and tags.
 *
 * @param amiFamily AL2, Bottlerocket, Ubuntu, Windows2019, Windows2022 or Custom; AL2 when unset
 * @param amiSelectorTerms empty means "the family's default AMIs from SSM"
 * @param blockDeviceMappings empty means "the family's default block devices"
 * @param launchTemplateName a user-managed launch template (deprecated), or null
 */
public record NodeClass(
    String name,
    String amiFamily,
    List<SelectorTerm> subnetSelectorTerms,
    List<SelectorTerm> securityGroupSelectorTerms,
    List<SelectorTerm> amiSelectorTerms,
    String instanceProfile,
    String userData,
    Map<String, String> tags,
    List<BlockDeviceMapping> blockDeviceMappings,
    MetadataOptions metadataOptions,
    boolean detailedMonitoring,
    String context,
    String launchTemplateName) {

  public NodeClass {
    subnetSelectorTerms = List.copyOf(subnetSelectorTerms);
    securityGroupSelectorTerms = List.copyOf(securityGroupSelectorTerms);
    amiSelectorTerms = List.copyOf(amiSelectorTerms);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    blockDeviceMappings = List.copyOf(blockDeviceMappings);
  }

  /** One block device; sizes in bytes. */
  public record BlockDeviceMapping(
      String deviceName,
      Long volumeSizeBytes,
      String volumeType,
      Long iops,
      Long throughput,
      Boolean encrypted,
      String kmsKeyId,
      Boolean deleteOnTermination,
      String snapshotId) {}

  /** Instance metadata service settings, with upstream's defaults filled in. */
  public record MetadataOptions(
      String httpEndpoint,
      String httpProtocolIpv6,
      long httpPutResponseHopLimit,
      String httpTokens) {
    /** Endpoint enabled, IPv6 endpoint disabled, hop limit 2, tokens required. */
    public static final MetadataOptions DEFAULT =
        new MetadataOptions("enabled", "disabled", 2, "required");
  }
}
