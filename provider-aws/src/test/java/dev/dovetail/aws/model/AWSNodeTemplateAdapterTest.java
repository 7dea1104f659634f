package dev.dovetail.aws.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AWSNodeTemplateAdapterTest {
  private static NodeClass convert(String spec) {
    var set =
        new ManifestReader()
            .readString(
                "t.yaml",
                "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n"
                    + "  name: default\nspec:\n"
                    + spec.indent(2));
    AWSNodeTemplate template =
        (AWSNodeTemplate) KindRegistry.discover().decode(set.documents().get(0)).object();
    return AWSNodeTemplateAdapter.toNodeClass(template);
  }

  @Test
  void tagSelectorsBecomeOneTermWithSplitValues() {
    NodeClass nodeClass =
        convert(
            """
            subnetSelector: {Name: "private-a, private-b", karpenter.sh/discovery: "*"}
            securityGroupSelector: {karpenter.sh/discovery: my-cluster}
            """);
    assertThat(nodeClass.name()).isEqualTo("default");
    assertThat(nodeClass.amiFamily()).isEqualTo("AL2");
    assertThat(nodeClass.subnetSelectorTerms())
        .containsExactly(
            new SelectorTerm(
                Map.of(
                    "Name",
                    List.of("private-a", "private-b"),
                    "karpenter.sh/discovery",
                    List.of("*")),
                null,
                null,
                null));
    assertThat(nodeClass.amiSelectorTerms()).isEmpty();
    assertThat(nodeClass.metadataOptions()).isEqualTo(NodeClass.MetadataOptions.DEFAULT);
    assertThat(nodeClass.detailedMonitoring()).isFalse();
  }

  @Test
  void idsBecomeOneTermEachAndAmiNamesCrossOwners() {
    NodeClass nodeClass =
        convert(
            """
            subnetSelector: {aws-ids: "subnet-1,subnet-2"}
            securityGroupSelector: {aws::ids: sg-1}
            amiFamily: Custom
            amiSelector: {aws::name: "a,b", team: ml}
            metadataOptions: {httpPutResponseHopLimit: 1}
            blockDeviceMappings:
              - deviceName: /dev/xvda
                ebs: {volumeSize: 100Gi, volumeType: gp3, encrypted: true}
            """);
    assertThat(nodeClass.subnetSelectorTerms())
        .containsExactly(SelectorTerm.ofId("subnet-1"), SelectorTerm.ofId("subnet-2"));
    assertThat(nodeClass.securityGroupSelectorTerms()).containsExactly(SelectorTerm.ofId("sg-1"));
    Map<String, List<String>> team = Map.of("team", List.of("ml"));
    assertThat(nodeClass.amiSelectorTerms())
        .containsExactly(
            new SelectorTerm(team, null, "a", "self"),
            new SelectorTerm(team, null, "a", "amazon"),
            new SelectorTerm(team, null, "b", "self"),
            new SelectorTerm(team, null, "b", "amazon"));
    assertThat(nodeClass.metadataOptions())
        .isEqualTo(new NodeClass.MetadataOptions("enabled", "disabled", 1, "required"));
    assertThat(nodeClass.blockDeviceMappings())
        .containsExactly(
            new NodeClass.BlockDeviceMapping(
                "/dev/xvda", 100L << 30, "gp3", null, null, true, null, null, null));
  }
}
