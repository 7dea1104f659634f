package dev.dovetail.aws.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Realistic templates users apply pass validation unchanged. */
class ValidAWSNodeTemplatesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        """
        subnetSelector: {karpenter.sh/discovery: my-cluster}
        securityGroupSelector: {karpenter.sh/discovery: my-cluster}
        """,
        """
        subnetSelector: {aws-ids: "subnet-0a1,subnet-0b2"}
        securityGroupSelector: {aws::ids: sg-123}
        amiFamily: Bottlerocket
        userData: |
          [settings.kubernetes]
          kube-api-qps = 30
          [settings.kubernetes.eviction-hard]
          "memory.available" = "12%"
          [settings.kernel.sysctl]
          "net.core.somaxconn" = "4096"
          [settings.host-containers.admin]
          enabled = true
          allowed = [
            "a",
            "b",
          ]
        blockDeviceMappings:
          - deviceName: /dev/xvda
            ebs: {volumeSize: 4Gi, volumeType: gp3, encrypted: true}
          - deviceName: /dev/xvdb
            ebs: {snapshotID: snap-123}
        metadataOptions: {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 2, httpTokens: required}
        tags: {team: ml, Name: karpenter-node}
        """,
        """
        subnetSelector: {Name: "private-a,private-b", karpenter.sh/discovery: "*"}
        securityGroupSelector: {Name: nodes}
        amiFamily: Custom
        amiSelector: {aws::name: my-ami-*, aws::owners: "123456789012", team: ml}
        instanceProfile: KarpenterNodeInstanceProfile
        userData: |
          MIME-Version: 1.0
          Content-Type: multipart/mixed; boundary="BOUNDARY"

          --BOUNDARY
          Content-Type: text/x-shellscript; charset="us-ascii"

          #!/bin/bash
          echo hello
          --BOUNDARY--
        detailedMonitoring: true
        """,
        """
        subnetSelector: {karpenter.sh/discovery: my-cluster}
        launchTemplate: my-template
        """
      })
  void acceptsRealTemplates(String spec) {
    var set =
        new ManifestReader()
            .readString(
                "t.yaml",
                "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n"
                    + "  name: default\nspec:\n"
                    + spec.indent(2));
    assertThat(set.errors()).isEmpty();
    assertThat(KindRegistry.discover().decode(set.documents().get(0)).validate()).isEmpty();
  }
}
