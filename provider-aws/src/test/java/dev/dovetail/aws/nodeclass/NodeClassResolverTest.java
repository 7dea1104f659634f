package dev.dovetail.aws.nodeclass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.testing.fake.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;

class NodeClassResolverTest {
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);
  private final NodeClassResolver resolver =
      new NodeClassResolver(aws.ec2(), aws.ssm(), () -> "1.29", clock);
  private final NodeClassSpec base = NodeClassSpec.discovery("default", "team", "a");

  @Test
  void subnetSelectorKeysAreAndedValuesOredAndStarMeansExists() {
    var a = aws.addSubnet("us-east-1a", 10, Map.of("team", "a", "tier", "private"));
    var b = aws.addSubnet("us-east-1b", 10, Map.of("team", "b", "tier", "private"));
    var c = aws.addSubnet("us-east-1c", 10, Map.of("team", "a"));

    assertThat(ids(base)).containsExactlyInAnyOrder(a.id(), c.id());
    assertThat(ids(sel(Map.of("team", List.of("a", "b")), null)))
        .containsExactlyInAnyOrder(a.id(), b.id(), c.id());
    assertThat(ids(sel(Map.of("team", List.of("a"), "tier", List.of("*")), null)))
        .containsExactly(a.id());
    assertThat(ids(sel(Map.of(), b.id()))).containsExactly(b.id());
  }

  @Test
  void subnetLookupsAreCachedForAMinute() {
    aws.addSubnet("us-east-1a", 10, Map.of("team", "a"));
    resolver.subnets(base);
    resolver.subnets(base);
    assertThat(aws.requests(DescribeSubnetsRequest.class)).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    resolver.subnets(base);
    assertThat(aws.requests(DescribeSubnetsRequest.class)).hasSize(2);
  }

  @Test
  void amiSelectorPicksImagesNewestFirst() {
    Instant t = clock.instant();
    var old =
        aws.addImage(
            "my-ami-1", "x86_64", t.minus(Duration.ofDays(10)), "self", Map.of("team", "ml"));
    var fresh =
        aws.addImage(
            "my-ami-2", "x86_64", t.minus(Duration.ofDays(1)), "self", Map.of("team", "ml"));
    var arm =
        aws.addImage(
            "my-ami-arm", "arm64", t.minus(Duration.ofDays(5)), "self", Map.of("team", "ml"));
    aws.addImage("other", "x86_64", t, "self", Map.of("team", "web"));

    var amis =
        resolver.amis(
            base.withAmiFamily(AmiFamily.CUSTOM)
                .withAmiSelector(List.of(SelectorTerm.ofTags(Map.of("team", List.of("ml"))))));

    assertThat(amis)
        .extracting(ResolvedNodeClass.Ami::id)
        .containsExactly(fresh.id(), arm.id(), old.id());
    assertThat(amis.get(0).suits("x86_64", false)).isTrue();
    assertThat(amis.get(1).suits("x86_64", false)).isFalse();
  }

  @Test
  void defaultAmisComeFromSsmPerArchitectureAndGpu() {
    var seeded = aws.seedEksAmis("1.29");

    var amis = resolver.amis(base);

    assertThat(amis).hasSize(3);
    assertThat(amis)
        .filteredOn(a -> Boolean.TRUE.equals(a.accelerated()))
        .extracting(ResolvedNodeClass.Ami::id)
        .containsExactly(seeded.get(AmiPaths.al2("1.29", "-gpu")));
    assertThat(amis)
        .filteredOn(a -> a.architecture().equals("arm64"))
        .extracting(ResolvedNodeClass.Ami::id)
        .containsExactly(seeded.get(AmiPaths.al2("1.29", "-arm64")));
  }

  @Test
  void customWithoutAmiSelectorAndUnmatchedSecurityGroupsAreNotReady() {
    assertThatThrownBy(() -> resolver.amis(base.withAmiFamily(AmiFamily.CUSTOM)))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("amiFamily Custom requires spec.amiSelector");
    assertThatThrownBy(() -> resolver.securityGroups(base))
        .isInstanceOf(NodeClassNotReadyException.class)
        .hasMessageContaining("spec.securityGroupSelector [{team: a}] matches no security group");
  }

  private NodeClassSpec sel(Map<String, List<String>> tags, String id) {
    return base.withSubnetSelector(List.of(new SelectorTerm(tags, id, null, null)));
  }

  private List<String> ids(NodeClassSpec spec) {
    return resolver.subnets(spec).stream().map(ResolvedNodeClass.Subnet::id).toList();
  }
}
