package dev.dovetail.aws.testing;

import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWSNodeTemplate built by name with only what a test cares about. By default it discovers the
 * subnets and security groups tagged {@code karpenter.sh/discovery: <cluster>}, as the getting
 * started guide sets them up, and leaves the AMI family to its default.
 */
public final class TestNodeTemplates {
  private static final String DISCOVERY = "karpenter.sh/discovery";

  private final String name;
  private Map<String, String> subnetSelector;
  private Map<String, String> securityGroupSelector;
  private String amiFamily;
  private final Map<String, String> tags = new LinkedHashMap<>();
  private String userData;

  private TestNodeTemplates(String name) {
    this.name = name;
  }

  /** A template called {@code name} that discovers the network of {@code cluster}. */
  public static TestNodeTemplates discovering(String name, String cluster) {
    TestNodeTemplates template = new TestNodeTemplates(name);
    template.subnetSelector = Map.of(DISCOVERY, cluster);
    template.securityGroupSelector = Map.of(DISCOVERY, cluster);
    return template;
  }

  public TestNodeTemplates subnetSelector(Map<String, String> selector) {
    this.subnetSelector = selector;
    return this;
  }

  public TestNodeTemplates securityGroupSelector(Map<String, String> selector) {
    this.securityGroupSelector = selector;
    return this;
  }

  public TestNodeTemplates amiFamily(String amiFamily) {
    this.amiFamily = amiFamily;
    return this;
  }

  public TestNodeTemplates tag(String key, String value) {
    tags.put(key, value);
    return this;
  }

  public TestNodeTemplates userData(String userData) {
    this.userData = userData;
    return this;
  }

  public AWSNodeTemplate build() {
    return new AWSNodeTemplate(
        name,
        new AWSNodeTemplateSpec(
            subnetSelector,
            securityGroupSelector,
            amiFamily,
            null,
            null,
            userData,
            tags.isEmpty() ? null : Map.copyOf(tags),
            null,
            null,
            null,
            null,
            null));
  }
}
