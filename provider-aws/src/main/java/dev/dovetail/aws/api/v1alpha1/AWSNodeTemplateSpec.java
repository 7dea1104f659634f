package dev.dovetail.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** How to launch EC2 instances for the Provisioners that reference this template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AWSNodeTemplateSpec(
    @JsonPropertyDescription(
            "Tags that select subnets; keys are ANDed, a value may list alternatives separated by"
                + " commas, \"*\" matches any value, aws-ids takes subnet IDs.")
        Map<String, String> subnetSelector,
    @JsonPropertyDescription("Tags that select security groups; same rules as subnetSelector.")
        Map<String, String> securityGroupSelector,
    @JsonPropertyDescription(
            "AL2 (default), Bottlerocket, Ubuntu, Windows2019, Windows2022 or Custom.")
        String amiFamily,
    @JsonPropertyDescription(
            "Tags that select AMIs, plus the keys aws::ids, aws::name, aws::owners.")
        Map<String, String> amiSelector,
    @JsonPropertyDescription("IAM instance profile name for the nodes.") String instanceProfile,
    @JsonPropertyDescription(
            "User data merged with Dovetail's bootstrap; its format depends on amiFamily.")
        String userData,
    @JsonPropertyDescription("Tags added to instances, volumes, launch templates and fleets.")
        Map<String, String> tags,
    List<BlockDeviceMapping> blockDeviceMappings,
    MetadataOptions metadataOptions,
    @JsonPropertyDescription("Enables detailed CloudWatch monitoring of the instances.")
        Boolean detailedMonitoring,
    @JsonPropertyDescription("The EC2 Fleet Context (reserved capacity).") String context,
    @JsonPropertyDescription("Deprecated: the name of a launch template you manage.")
        String launchTemplate) {

  /** One block device of the launched instances. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BlockDeviceMapping(
      @JsonProperty(required = true) String deviceName, BlockDevice ebs) {}

  /** The EBS volume behind a block device. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record BlockDevice(
      Boolean deleteOnTermination,
      Boolean encrypted,
      Long iops,
      @JsonProperty("kmsKeyID") String kmsKeyID,
      @JsonProperty("snapshotID") String snapshotID,
      Long throughput,
      io.fabric8.kubernetes.api.model.Quantity volumeSize,
      String volumeType) {}

  /** The instance metadata service settings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetadataOptions(
      String httpEndpoint,
      @JsonProperty("httpProtocolIPv6") String httpProtocolIPv6,
      Long httpPutResponseHopLimit,
      String httpTokens) {}
}
