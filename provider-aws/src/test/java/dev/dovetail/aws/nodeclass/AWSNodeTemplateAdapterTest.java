package dev.dovetail.aws.nodeclass;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.nodeclass.NodeClassSpec.BlockDevice;
import dev.dovetail.aws.nodeclass.NodeClassSpec.MetadataOptions;
import dev.dovetail.aws.nodeclass.NodeClassSpec.SelectorTerm;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AWSNodeTemplateAdapterTest {
  private static NodeClassSpec convert(String spec) {
    var set =
        new ManifestReader()
            .readString(
                "t.yaml",
                "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n"
                    + "  name: default\nspec:\n"
                    + spec.indent(2));
    AWSNodeTemplate template =
        (AWSNodeTemplate) KindRegistry.discover().decode(set.documents().get(0)).object();
    return AWSNodeTemplateAdapter.toNodeClassSpec(template);
  }

  @Test
  void tagSelectorsBecomeOneTermWithSplitValues() {
    NodeClassSpec nodeClass =
        convert(
            """
            subnetSelector: {Name: "private-a, private-b", karpenter.sh/discovery: "*"}
            securityGroupSelector: {karpenter.sh/discovery: my-cluster}
            """);
    assertThat(nodeClass.name()).isEqualTo("default");
    assertThat(nodeClass.amiFamily()).isEqualTo(AmiFamily.AL2);
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
    assertThat(nodeClass.metadataOptions()).isEqualTo(MetadataOptions.DEFAULT);
    assertThat(nodeClass.detailedMonitoring()).isFalse();
  }

  @Test
  void idsBecomeOneTermEachAndAmiNamesCrossOwners() {
    NodeClassSpec nodeClass =
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
        .isEqualTo(new MetadataOptions("enabled", "disabled", 1, "required"));
    assertThat(nodeClass.blockDeviceMappings())
        .containsExactly(
            new BlockDevice("/dev/xvda", 100, "gp3", null, null, true, null, true, null));
  }
}
