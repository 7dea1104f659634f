package dev.dovetail.aws.nodeclass;

import dev.dovetail.aws.amifamily.AmiFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provider's working copy of a node class (AWSNodeTemplate): what resolution, launch templates
 * and drift need. Built from an AWSNodeTemplate by {@link AWSNodeTemplateAdapter}.
 *
 * @param name the node class name
 * @param amiFamily the AMI family
 * @param subnetSelectorTerms subnet selector; terms ORed, fields of a term ANDed
 * @param securityGroupSelectorTerms security group selector
 * @param amiSelectorTerms empty means the family's default AMIs from SSM
 * @param instanceProfile IAM instance profile, or null to use the global default
 * @param userData user data to merge with the bootstrap, or null
 * @param tags user tags for instances, volumes, fleets and launch templates
 * @param blockDeviceMappings empty means the family's default block devices
 * @param metadataOptions instance metadata options
 * @param detailedMonitoring CloudWatch detailed monitoring
 */
public record NodeClassSpec(
    String name,
    AmiFamily amiFamily,
    List<SelectorTerm> subnetSelectorTerms,
    List<SelectorTerm> securityGroupSelectorTerms,
    List<SelectorTerm> amiSelectorTerms,
    String instanceProfile,
    String userData,
    Map<String, String> tags,
    List<BlockDevice> blockDeviceMappings,
    MetadataOptions metadataOptions,
    boolean detailedMonitoring) {

  public NodeClassSpec {
    subnetSelectorTerms = List.copyOf(subnetSelectorTerms);
    securityGroupSelectorTerms = List.copyOf(securityGroupSelectorTerms);
    amiSelectorTerms = List.copyOf(amiSelectorTerms);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    blockDeviceMappings =
        blockDeviceMappings == null ? List.of() : List.copyOf(blockDeviceMappings);
    metadataOptions = metadataOptions == null ? MetadataOptions.DEFAULT : metadataOptions;
  }

  /** A node class selecting subnets and security groups by one tag, AL2, defaults elsewhere. */
  public static NodeClassSpec discovery(String name, String tagKey, String tagValue) {
    SelectorTerm term = new SelectorTerm(Map.of(tagKey, List.of(tagValue)), null, null, null);
    return new NodeClassSpec(
        name,
        AmiFamily.AL2,
        List.of(term),
        List.of(term),
        List.of(),
        null,
        null,
        Map.of(),
        List.of(),
        MetadataOptions.DEFAULT,
        false);
  }

  public NodeClassSpec withSubnetSelector(List<SelectorTerm> terms) {
    return new NodeClassSpec(
        name,
        amiFamily,
        terms,
        securityGroupSelectorTerms,
        amiSelectorTerms,
        instanceProfile,
        userData,
        tags,
        blockDeviceMappings,
        metadataOptions,
        detailedMonitoring);
  }

  public NodeClassSpec withAmiFamily(AmiFamily family) {
    return new NodeClassSpec(
        name,
        family,
        subnetSelectorTerms,
        securityGroupSelectorTerms,
        amiSelectorTerms,
        instanceProfile,
        userData,
        tags,
        blockDeviceMappings,
        metadataOptions,
        detailedMonitoring);
  }

  public NodeClassSpec withAmiSelector(List<SelectorTerm> terms) {
    return new NodeClassSpec(
        name,
        amiFamily,
        subnetSelectorTerms,
        securityGroupSelectorTerms,
        terms,
        instanceProfile,
        userData,
        tags,
        blockDeviceMappings,
        metadataOptions,
        detailedMonitoring);
  }

  public NodeClassSpec withUserData(String data) {
    return new NodeClassSpec(
        name,
        amiFamily,
        subnetSelectorTerms,
        securityGroupSelectorTerms,
        amiSelectorTerms,
        instanceProfile,
        data,
        tags,
        blockDeviceMappings,
        metadataOptions,
        detailedMonitoring);
  }

  public NodeClassSpec withTags(Map<String, String> t) {
    return new NodeClassSpec(
        name,
        amiFamily,
        subnetSelectorTerms,
        securityGroupSelectorTerms,
        amiSelectorTerms,
        instanceProfile,
        userData,
        t,
        blockDeviceMappings,
        metadataOptions,
        detailedMonitoring);
  }

  /**
   * A stable hash of the spec, written to the {@code karpenter.k8s.aws/nodetemplate-hash}
   * annotation; a machine whose annotation differs has drifted.
   */
  public String hash() {
    String canonical =
        String.join(
            "\n",
            amiFamily.specName(),
            subnetSelectorTerms.toString(),
            securityGroupSelectorTerms.toString(),
            amiSelectorTerms.toString(),
            String.valueOf(instanceProfile),
            String.valueOf(userData),
            new TreeMap<>(tags).toString(),
            blockDeviceMappings.toString(),
            metadataOptions.toString(),
            Boolean.toString(detailedMonitoring));
    return sha256(canonical).substring(0, 16);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * One selector term.
   *
   * @param tags tag key → accepted values ({@code *} = key exists)
   * @param id a resource id, or null
   * @param name a name (AMI name, security group name), or null
   * @param owner an AMI owner, or null
   */
  public record SelectorTerm(Map<String, List<String>> tags, String id, String name, String owner) {
    public SelectorTerm {
      tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    }

    public static SelectorTerm ofId(String id) {
      return new SelectorTerm(Map.of(), id, null, null);
    }

    public static SelectorTerm ofTags(Map<String, List<String>> tags) {
      return new SelectorTerm(tags, null, null, null);
    }

    /** The term as the user wrote it, for messages: {@code {Name: a,b, team: *}} or {@code id}. */
    public String describe() {
      StringBuilder sb = new StringBuilder("{");
      if (id != null) {
        sb.append("id: ").append(id);
      }
      new TreeMap<>(tags)
          .forEach(
              (k, v) ->
                  sb.append(sb.length() > 1 ? ", " : "")
                      .append(k)
                      .append(": ")
                      .append(String.join(",", v)));
      if (name != null) {
        sb.append(sb.length() > 1 ? ", " : "").append("name: ").append(name);
      }
      if (owner != null) {
        sb.append(sb.length() > 1 ? ", " : "").append("owner: ").append(owner);
      }
      return sb.append('}').toString();
    }
  }

  /** One block device; sizes in GiB. */
  public record BlockDevice(
      String deviceName,
      long volumeSizeGib,
      String volumeType,
      Integer iops,
      Integer throughput,
      boolean encrypted,
      String kmsKeyId,
      boolean deleteOnTermination,
      String snapshotId) {}

  /** Instance metadata service settings. */
  public record MetadataOptions(
      String httpEndpoint,
      String httpProtocolIpv6,
      int httpPutResponseHopLimit,
      String httpTokens) {
    /** Endpoint enabled, IPv6 disabled, hop limit 2, IMDSv2 required. */
    public static final MetadataOptions DEFAULT =
        new MetadataOptions("enabled", "disabled", 2, "required");
  }
}
