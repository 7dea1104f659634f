package dev.dovetail.aws.nodeclass;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.cache.CacheTtls;
import dev.dovetail.aws.cache.TtlCache;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Resolves a node class's selectors against EC2 and SSM: subnets and security groups by tags (keys
 * ANDed, listed values ORed, {@code *} = key exists) or ids; AMIs from the family's public SSM
 * parameters for the Kubernetes version, or from amiSelector via DescribeImages, newest first.
 * Lookups are cached for {@link #TTL}.
 */
public final class NodeClassResolver {
  /** How long subnet, security group and AMI lookups are reused. */
  public static final Duration TTL = CacheTtls.NODE_CLASSES;

  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final Supplier<String> kubernetesVersion;
  private final TtlCache<List<SelectorTerm>, List<ResolvedNodeClass.Subnet>> subnets;
  private final TtlCache<List<SelectorTerm>, List<ResolvedNodeClass.SecurityGroup>> groups;
  private final TtlCache<String, List<ResolvedNodeClass.Ami>> amis;

  /**
   * @param kubernetesVersion the cluster's minor version, e.g. {@code 1.29}
   */
  public NodeClassResolver(
      Ec2Client ec2, SsmClient ssm, Supplier<String> kubernetesVersion, Clock clock) {
    this.ec2 = ec2;
    this.ssm = ssm;
    this.kubernetesVersion = kubernetesVersion;
    this.subnets = new TtlCache<>(clock, TTL);
    this.groups = new TtlCache<>(clock, TTL);
    this.amis = new TtlCache<>(clock, TTL);
  }

  /**
   * Resolves everything a launch needs.
   *
   * @throws NodeClassNotReadyException naming the node class and the selector that matched nothing
   */
  public ResolvedNodeClass resolve(NodeClassSpec spec) {
    List<ResolvedNodeClass.Subnet> s = subnets(spec);
    List<ResolvedNodeClass.SecurityGroup> g = securityGroups(spec);
    List<ResolvedNodeClass.Ami> a = amis(spec);
    return new ResolvedNodeClass(spec, s, g, a);
  }

  /** Subnets only (enough for instance types: their zones). */
  public List<ResolvedNodeClass.Subnet> subnets(NodeClassSpec spec) {
    List<ResolvedNodeClass.Subnet> found =
        subnets.get(spec.subnetSelectorTerms(), () -> describeSubnets(spec.subnetSelectorTerms()));
    if (found.isEmpty()) {
      throw new NodeClassNotReadyException(
          "AWSNodeTemplate "
              + spec.name()
              + ": spec.subnetSelector "
              + describe(spec.subnetSelectorTerms())
              + " matches no subnet");
    }
    return found;
  }

  public List<ResolvedNodeClass.SecurityGroup> securityGroups(NodeClassSpec spec) {
    List<ResolvedNodeClass.SecurityGroup> found =
        groups.get(
            spec.securityGroupSelectorTerms(),
            () -> describeGroups(spec.securityGroupSelectorTerms()));
    if (found.isEmpty()) {
      throw new NodeClassNotReadyException(
          "AWSNodeTemplate "
              + spec.name()
              + ": spec.securityGroupSelector "
              + describe(spec.securityGroupSelectorTerms())
              + " matches no security group");
    }
    return found;
  }

  public List<ResolvedNodeClass.Ami> amis(NodeClassSpec spec) {
    List<ResolvedNodeClass.Ami> found;
    String field;
    if (!spec.amiSelectorTerms().isEmpty()) {
      field = "spec.amiSelector " + describe(spec.amiSelectorTerms());
      found =
          amis.get(
              "selector:" + spec.amiSelectorTerms(), () -> describeImages(spec.amiSelectorTerms()));
    } else if (spec.amiFamily() == AmiFamily.CUSTOM) {
      throw new NodeClassNotReadyException(
          "AWSNodeTemplate " + spec.name() + ": amiFamily Custom requires spec.amiSelector");
    } else {
      String version = kubernetesVersion.get();
      field = "the " + spec.amiFamily().specName() + " AMIs for Kubernetes " + version + " in SSM";
      found =
          amis.get(
              "family:" + spec.amiFamily() + ":" + version,
              () -> defaultAmis(spec.amiFamily(), version));
    }
    if (found.isEmpty()) {
      throw new NodeClassNotReadyException(
          "AWSNodeTemplate " + spec.name() + ": " + field + " match no image");
    }
    return found;
  }

  private List<ResolvedNodeClass.Subnet> describeSubnets(List<SelectorTerm> terms) {
    Map<String, ResolvedNodeClass.Subnet> out = new LinkedHashMap<>();
    for (SelectorTerm term : terms) {
      DescribeSubnetsRequest.Builder r = DescribeSubnetsRequest.builder();
      List<Filter> filters = tagFilters(term);
      if (term.id() != null) {
        filters.add(filter("subnet-id", List.of(term.id())));
      }
      ec2.describeSubnetsPaginator(r.filters(filters).build())
          .subnets()
          .forEach(
              s ->
                  out.put(
                      s.subnetId(),
                      new ResolvedNodeClass.Subnet(
                          s.subnetId(),
                          s.availabilityZone(),
                          s.availableIpAddressCount() == null ? 0 : s.availableIpAddressCount(),
                          Boolean.TRUE.equals(s.mapPublicIpOnLaunch()))));
    }
    return List.copyOf(out.values());
  }

  private List<ResolvedNodeClass.SecurityGroup> describeGroups(List<SelectorTerm> terms) {
    Map<String, ResolvedNodeClass.SecurityGroup> out = new LinkedHashMap<>();
    for (SelectorTerm term : terms) {
      List<Filter> filters = tagFilters(term);
      if (term.id() != null) {
        filters.add(filter("group-id", List.of(term.id())));
      }
      if (term.name() != null) {
        filters.add(filter("group-name", List.of(term.name())));
      }
      ec2.describeSecurityGroupsPaginator(
              DescribeSecurityGroupsRequest.builder().filters(filters).build())
          .securityGroups()
          .forEach(
              g ->
                  out.put(
                      g.groupId(),
                      new ResolvedNodeClass.SecurityGroup(g.groupId(), g.groupName())));
    }
    return List.copyOf(out.values());
  }

  private List<ResolvedNodeClass.Ami> describeImages(List<SelectorTerm> terms) {
    Map<String, ResolvedNodeClass.Ami> out = new LinkedHashMap<>();
    for (SelectorTerm term : terms) {
      DescribeImagesRequest.Builder r = DescribeImagesRequest.builder();
      List<Filter> filters = tagFilters(term);
      if (term.id() != null) {
        r.imageIds(term.id());
      }
      if (term.name() != null) {
        filters.add(filter("name", List.of(term.name())));
      }
      if (term.owner() != null) {
        r.owners(term.owner());
      } else if (term.id() == null) {
        r.owners("self", "amazon");
      }
      for (Image i : ec2.describeImages(r.filters(filters).build()).images()) {
        out.put(i.imageId(), toAmi(i, null));
      }
    }
    List<ResolvedNodeClass.Ami> sorted = new ArrayList<>(out.values());
    sorted.sort(
        Comparator.comparing(ResolvedNodeClass.Ami::created)
            .reversed()
            .thenComparing(ResolvedNodeClass.Ami::id));
    return List.copyOf(sorted);
  }

  private record Default(String path, String architecture, Boolean accelerated) {}

  private List<ResolvedNodeClass.Ami> defaultAmis(AmiFamily family, String v) {
    List<Default> defaults =
        switch (family) {
          case AL2 ->
              List.of(
                  new Default(AmiPaths.al2(v, ""), "x86_64", false),
                  new Default(AmiPaths.al2(v, "-gpu"), "x86_64", true),
                  new Default(AmiPaths.al2(v, "-arm64"), "arm64", false));
          case AL2023 ->
              List.of(
                  new Default(AmiPaths.al2023(v, "x86_64", "standard"), "x86_64", false),
                  new Default(AmiPaths.al2023(v, "x86_64", "nvidia"), "x86_64", true),
                  new Default(AmiPaths.al2023(v, "arm64", "standard"), "arm64", null));
          case BOTTLEROCKET ->
              List.of(
                  new Default(AmiPaths.bottlerocket(v, false, "x86_64"), "x86_64", false),
                  new Default(AmiPaths.bottlerocket(v, true, "x86_64"), "x86_64", true),
                  new Default(AmiPaths.bottlerocket(v, false, "arm64"), "arm64", false),
                  new Default(AmiPaths.bottlerocket(v, true, "arm64"), "arm64", true));
          case UBUNTU ->
              List.of(
                  new Default(AmiPaths.ubuntu(v, "amd64"), "x86_64", null),
                  new Default(AmiPaths.ubuntu(v, "arm64"), "arm64", null));
          case WINDOWS2019, WINDOWS2022 ->
              List.of(
                  new Default(
                      "/aws/service/ami-windows-latest/Windows_Server-"
                          + (family == AmiFamily.WINDOWS2019 ? "2019" : "2022")
                          + "-English-Core-EKS_Optimized-"
                          + v
                          + "/image_id",
                      "x86_64",
                      null));
          case CUSTOM -> List.of();
        };
    List<ResolvedNodeClass.Ami> out = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (Default d : defaults) {
      String id;
      try {
        id =
            ssm.getParameter(GetParameterRequest.builder().name(d.path()).build())
                .parameter()
                .value();
      } catch (ParameterNotFoundException e) {
        continue;
      }
      ids.add(id);
      out.add(
          new ResolvedNodeClass.Ami(
              id, d.path(), Instant.EPOCH, d.architecture(), d.accelerated()));
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    // names and creation dates come from DescribeImages
    Map<String, Image> images = new LinkedHashMap<>();
    try {
      ec2.describeImages(DescribeImagesRequest.builder().imageIds(ids).build())
          .images()
          .forEach(i -> images.put(i.imageId(), i));
    } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
      // keep the SSM answer without names
    }
    List<ResolvedNodeClass.Ami> named = new ArrayList<>();
    for (ResolvedNodeClass.Ami a : out) {
      Image i = images.get(a.id());
      named.add(
          i == null
              ? a
              : new ResolvedNodeClass.Ami(
                  a.id(), i.name(), parse(i.creationDate()), a.architecture(), a.accelerated()));
    }
    return List.copyOf(named);
  }

  private static ResolvedNodeClass.Ami toAmi(Image i, Boolean accelerated) {
    String arch = "arm64".equals(i.architectureAsString()) ? "arm64" : "x86_64";
    return new ResolvedNodeClass.Ami(
        i.imageId(), i.name(), parse(i.creationDate()), arch, accelerated);
  }

  private static Instant parse(String date) {
    if (date == null) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(date);
    } catch (java.time.format.DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }

  private static List<Filter> tagFilters(SelectorTerm term) {
    List<Filter> filters = new ArrayList<>();
    term.tags()
        .forEach(
            (key, values) -> {
              if (values.contains("*")) {
                filters.add(filter("tag-key", List.of(key)));
              } else {
                filters.add(filter("tag:" + key, values));
              }
            });
    return filters;
  }

  private static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static String describe(List<SelectorTerm> terms) {
    return terms.stream().map(SelectorTerm::describe).toList().toString();
  }
}
