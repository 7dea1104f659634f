package dev.dovetail.aws.nodeclass;

import dev.dovetail.api.validation.Quantities;
import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import dev.dovetail.aws.nodeclass.NodeClassSpec.BlockDevice;
import dev.dovetail.aws.nodeclass.NodeClassSpec.MetadataOptions;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a v1alpha1 AWSNodeTemplate into the provider's {@link NodeClassSpec}, as upstream
 * converts every AWSNodeTemplate into an in-memory EC2NodeClass: tag-map selectors become selector
 * terms ({@code aws-ids}/{@code aws::ids} one term per ID, otherwise one term with every tag),
 * {@code aws::name} × {@code aws::owners} become AMI terms, block devices get upstream's defaults
 * (20 GiB gp3, encrypted, deleted on termination) and metadata options too. Expects a valid
 * AWSNodeTemplate.
 */
public final class AWSNodeTemplateAdapter {
  private AWSNodeTemplateAdapter() {}

  /**
   * The provider's node class.
   *
   * @throws IllegalArgumentException naming the AMI family when it is unknown
   */
  public static NodeClassSpec toNodeClassSpec(AWSNodeTemplate template) {
    AWSNodeTemplateSpec spec = template.getSpec();
    return new NodeClassSpec(
        template.getMetadata().getName(),
        AmiFamily.fromSpec(spec.amiFamily() == null ? "AL2" : spec.amiFamily()),
        selectorTerms(spec.subnetSelector()),
        selectorTerms(spec.securityGroupSelector()),
        amiTerms(spec.amiSelector()),
        spec.instanceProfile(),
        spec.userData(),
        spec.tags(),
        blockDevices(spec.blockDeviceMappings()),
        metadataOptions(spec.metadataOptions()),
        Boolean.TRUE.equals(spec.detailedMonitoring()));
  }

  static List<SelectorTerm> selectorTerms(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    String ids = selector.getOrDefault("aws::ids", selector.get("aws-ids"));
    if (ids != null) {
      return split(ids).stream().map(SelectorTerm::ofId).toList();
    }
    return List.of(SelectorTerm.ofTags(tags(selector)));
  }

  private static List<SelectorTerm> amiTerms(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    String ids = selector.getOrDefault("aws::ids", selector.get("aws-ids"));
    if (ids != null) {
      return split(ids).stream().map(SelectorTerm::ofId).toList();
    }
    Map<String, List<String>> tags = tags(selector);
    List<String> names =
        selector.containsKey("aws::name")
            ? split(selector.get("aws::name"))
            : Arrays.asList((String) null);
    List<String> owners =
        selector.containsKey("aws::owners")
            ? split(selector.get("aws::owners"))
            : List.of("self", "amazon");
    List<SelectorTerm> terms = new ArrayList<>();
    for (String name : names) {
      for (String owner : owners) {
        terms.add(new SelectorTerm(tags, null, name, owner));
      }
    }
    return terms;
  }

  private static Map<String, List<String>> tags(Map<String, String> selector) {
    Map<String, List<String>> tags = new LinkedHashMap<>();
    selector.forEach(
        (key, value) -> {
          if (!key.startsWith("aws::") && !key.equals("aws-ids")) {
            tags.put(key, split(value));
          }
        });
    return tags;
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static List<BlockDevice> blockDevices(
      List<AWSNodeTemplateSpec.BlockDeviceMapping> mappings) {
    if (mappings == null) {
      return List.of();
    }
    List<BlockDevice> result = new ArrayList<>();
    for (AWSNodeTemplateSpec.BlockDeviceMapping mapping : mappings) {
      AWSNodeTemplateSpec.BlockDevice ebs = mapping.ebs();
      BigDecimal bytes = ebs == null ? null : Quantities.parse(ebs.volumeSize());
      result.add(
          new BlockDevice(
              mapping.deviceName(),
              bytes == null ? 20 : Math.max(1, bytes.longValue() >> 30),
              ebs == null || ebs.volumeType() == null ? "gp3" : ebs.volumeType(),
              ebs == null || ebs.iops() == null ? null : ebs.iops().intValue(),
              ebs == null || ebs.throughput() == null ? null : ebs.throughput().intValue(),
              ebs == null || !Boolean.FALSE.equals(ebs.encrypted()),
              ebs == null ? null : ebs.kmsKeyID(),
              ebs == null || !Boolean.FALSE.equals(ebs.deleteOnTermination()),
              ebs == null ? null : ebs.snapshotID()));
    }
    return result;
  }

  private static MetadataOptions metadataOptions(AWSNodeTemplateSpec.MetadataOptions options) {
    MetadataOptions d = MetadataOptions.DEFAULT;
    if (options == null) {
      return d;
    }
    return new MetadataOptions(
        options.httpEndpoint() == null ? d.httpEndpoint() : options.httpEndpoint(),
        options.httpProtocolIPv6() == null ? d.httpProtocolIpv6() : options.httpProtocolIPv6(),
        options.httpPutResponseHopLimit() == null
            ? d.httpPutResponseHopLimit()
            : options.httpPutResponseHopLimit().intValue(),
        options.httpTokens() == null ? d.httpTokens() : options.httpTokens());
  }
}
