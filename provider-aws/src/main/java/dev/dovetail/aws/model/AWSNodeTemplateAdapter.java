package dev.dovetail.aws.model;

import dev.dovetail.api.validation.Quantities;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a v1alpha1 AWSNodeTemplate into a {@link NodeClass}: tag-map selectors become selector
 * terms ({@code aws-ids}/{@code aws::ids} one term per ID, otherwise one term with every tag),
 * {@code aws::name} × {@code aws::owners} become AMI terms, and metadata options get upstream's
 * defaults. Expects a valid AWSNodeTemplate.
 */
public final class AWSNodeTemplateAdapter {
  private AWSNodeTemplateAdapter() {}

  public static NodeClass toNodeClass(AWSNodeTemplate template) {
    AWSNodeTemplateSpec spec = template.getSpec();
    return new NodeClass(
        template.getMetadata().getName(),
        spec.amiFamily() == null ? "AL2" : spec.amiFamily(),
        selectorTerms(spec.subnetSelector()),
        selectorTerms(spec.securityGroupSelector()),
        amiTerms(spec.amiSelector()),
        spec.instanceProfile(),
        spec.userData(),
        spec.tags(),
        blockDevices(spec.blockDeviceMappings()),
        metadataOptions(spec.metadataOptions()),
        Boolean.TRUE.equals(spec.detailedMonitoring()),
        spec.context(),
        spec.launchTemplate());
  }

  static List<SelectorTerm> selectorTerms(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return List.of();
    }
    String ids = selector.getOrDefault("aws::ids", selector.get("aws-ids"));
    if (ids != null) {
      return split(ids).stream().map(SelectorTerm::ofId).toList();
    }
    return List.of(new SelectorTerm(tags(selector), null, null, null));
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

  private static List<NodeClass.BlockDeviceMapping> blockDevices(
      List<AWSNodeTemplateSpec.BlockDeviceMapping> mappings) {
    if (mappings == null) {
      return List.of();
    }
    List<NodeClass.BlockDeviceMapping> result = new ArrayList<>();
    for (AWSNodeTemplateSpec.BlockDeviceMapping mapping : mappings) {
      AWSNodeTemplateSpec.BlockDevice ebs = mapping.ebs();
      BigDecimal size = ebs == null ? null : Quantities.parse(ebs.volumeSize());
      result.add(
          new NodeClass.BlockDeviceMapping(
              mapping.deviceName(),
              size == null ? null : size.longValue(),
              ebs == null ? null : ebs.volumeType(),
              ebs == null ? null : ebs.iops(),
              ebs == null ? null : ebs.throughput(),
              ebs == null ? null : ebs.encrypted(),
              ebs == null ? null : ebs.kmsKeyID(),
              ebs == null ? null : ebs.deleteOnTermination(),
              ebs == null ? null : ebs.snapshotID()));
    }
    return result;
  }

  private static NodeClass.MetadataOptions metadataOptions(
      AWSNodeTemplateSpec.MetadataOptions options) {
    NodeClass.MetadataOptions d = NodeClass.MetadataOptions.DEFAULT;
    if (options == null) {
      return d;
    }
    return new NodeClass.MetadataOptions(
        options.httpEndpoint() == null ? d.httpEndpoint() : options.httpEndpoint(),
        options.httpProtocolIPv6() == null ? d.httpProtocolIpv6() : options.httpProtocolIPv6(),
        options.httpPutResponseHopLimit() == null
            ? d.httpPutResponseHopLimit()
            : options.httpPutResponseHopLimit(),
        options.httpTokens() == null ? d.httpTokens() : options.httpTokens());
  }
}
