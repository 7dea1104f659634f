package dev.dovetail.aws.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.validation.Problem;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.manifest.ManifestSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid AWSNodeTemplate is rejected with exactly the expected problems. Cases give a spec
 * fragment; valid subnet and security-group selectors are added unless the fragment sets them.
 */
class InvalidAWSNodeTemplateManifestsTest {
  private static final KindRegistry KINDS = KindRegistry.discover();
  private static final String T = "AWSNodeTemplate/default: ";

  record Case(String name, String manifest, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case spec(String name, String fragment, String... expected) {
    return spec(name, true, fragment, expected);
  }

  private static Case spec(String name, boolean addSubnets, String fragment, String... expected) {
    String spec = fragment;
    if (addSubnets && !fragment.contains("subnetSelector")) {
      spec += "\nsubnetSelector:\n  karpenter.sh/discovery: my-cluster";
    }
    if (!fragment.contains("securityGroupSelector") && !fragment.contains("launchTemplate")) {
      spec += "\nsecurityGroupSelector:\n  karpenter.sh/discovery: my-cluster";
    }
    String manifest =
        "apiVersion: karpenter.k8s.aws/v1alpha1\nkind: AWSNodeTemplate\nmetadata:\n"
            + "  name: default\nspec:\n"
            + spec.indent(2);
    return new Case(name, manifest, List.of(expected));
  }

  static Stream<Case> cases() {
    return Stream.of(
        spec(
            "no subnet selector",
            false,
            "securityGroupSelector:\n  a: b",
            T + "spec.subnetSelector: required: select at least one tag or give aws-ids"),
        spec(
            "no security group selector",
            "subnetSelector:\n  a: b\nsecurityGroupSelector: {}",
            T + "spec.securityGroupSelector: required: select at least one tag or give aws-ids"),
        spec(
            "empty selector key",
            "subnetSelector:\n  \"\": b",
            T + "spec.subnetSelector[]: selector keys must not be empty"),
        spec(
            "empty selector value",
            "subnetSelector:\n  karpenter.sh/discovery: \"\"",
            T + "spec.subnetSelector[karpenter.sh/discovery]: selector values must not be empty"),
        spec(
            "empty alternative in a value",
            "subnetSelector:\n  Name: \"a,,b\"",
            T
                + "spec.subnetSelector[Name]: comma-separated values must not be empty"
                + " (\"a,,b\")"),
        spec(
            "aws-ids with tags",
            "subnetSelector:\n  aws-ids: subnet-1,subnet-2\n  Name: private",
            T
                + "spec.subnetSelector[aws-ids]: aws-ids cannot be combined with other selector keys"),
        spec(
            "aws::ids with tags in security groups",
            "securityGroupSelector:\n  aws::ids: sg-1\n  Name: nodes",
            T
                + "spec.securityGroupSelector[aws::ids]: aws::ids cannot be combined with other"
                + " selector keys"),
        spec(
            "unknown special key in subnet selector",
            "subnetSelector:\n  aws::name: private",
            T
                + "spec.subnetSelector[aws::name]: unknown special key; only aws::ids (or"
                + " aws-ids) is supported here"),
        spec(
            "unknown AMI family",
            "amiFamily: AL2023",
            T
                + "spec.amiFamily: unsupported AMI family \"AL2023\"; use one of AL2,"
                + " Bottlerocket, Ubuntu, Windows2019, Windows2022, Custom"),
        spec(
            "Custom without amiSelector",
            "amiFamily: Custom",
            T + "spec.amiSelector: required when spec.amiFamily is Custom"),
        spec(
            "unknown AMI special key",
            "amiSelector:\n  aws::tag: x",
            T
                + "spec.amiSelector[aws::tag]: unknown special key; use aws::ids, aws::name or aws::owners"),
        spec(
            "AMI ids with a name",
            "amiSelector:\n  aws::ids: ami-1\n  aws::name: my-ami",
            T + "spec.amiSelector[aws::ids]: aws::ids cannot be combined with other selector keys"),
        spec(
            "Bottlerocket user data that is not TOML",
            "amiFamily: Bottlerocket\nuserData: |\n  #!/bin/bash\n  echo hi",
            T
                + "spec.userData: must be TOML for amiFamily Bottlerocket (line 2:"
                + " \"echo hi\")"),
        spec(
            "AL2 user data that is neither MIME nor a script",
            "userData: \"echo hello\"",
            T
                + "spec.userData: must be a MIME multi-part archive or a shell script starting"
                + " with #! for this amiFamily"),
        spec(
            "AL2 MIME user data without a boundary",
            "userData: |\n  MIME-Version: 1.0\n  Content-Type: multipart/mixed\n",
            T + "spec.userData: MIME user data needs a boundary in its Content-Type header"),
        spec(
            "launch template with a security group selector",
            "launchTemplate: my-template\nsecurityGroupSelector:\n  a: b",
            T + "spec.securityGroupSelector: cannot be combined with spec.launchTemplate"),
        spec(
            "launch template with user data",
            "launchTemplate: my-template\nuserData: \"#!/bin/bash\"",
            T + "spec.userData: cannot be combined with spec.launchTemplate"),
        spec(
            "launch template with AMI family and block devices",
            "launchTemplate: my-template\namiFamily: AL2\nblockDeviceMappings:\n"
                + "  - deviceName: /dev/xvda\n    ebs: {volumeSize: 20Gi}",
            T + "spec.amiFamily: cannot be combined with spec.launchTemplate",
            T + "spec.blockDeviceMappings: cannot be combined with spec.launchTemplate"),
        spec(
            "block device too small",
            "blockDeviceMappings:\n  - deviceName: /dev/xvda\n    ebs: {volumeSize: 512Mi}",
            T
                + "spec.blockDeviceMappings[0].ebs.volumeSize: must be between 1Gi and 64Ti, not"
                + " 512Mi"),
        spec(
            "block device too large",
            "blockDeviceMappings:\n  - deviceName: /dev/xvda\n    ebs: {volumeSize: 65Ti}",
            T
                + "spec.blockDeviceMappings[0].ebs.volumeSize: must be between 1Gi and 64Ti, not"
                + " 65Ti"),
        spec(
            "block device without size or snapshot",
            "blockDeviceMappings:\n  - deviceName: /dev/xvda\n    ebs: {volumeType: gp3}",
            T
                + "spec.blockDeviceMappings[0].ebs.volumeSize: required unless ebs.snapshotID is set"),
        spec(
            "block device without device name",
            "blockDeviceMappings:\n  - ebs: {volumeSize: 20Gi}",
            T + "spec.blockDeviceMappings[0].deviceName: required field is missing"),
        spec(
            "block device with an unknown volume type",
            "blockDeviceMappings:\n  - deviceName: /dev/xvda\n    ebs: {volumeSize: 20Gi,"
                + " volumeType: gp4}",
            T
                + "spec.blockDeviceMappings[0].ebs.volumeType: unsupported volume type \"gp4\";"
                + " use one of gp2, gp3, io1, io2, sc1, st1, standard"),
        spec(
            "hop limit 0",
            "metadataOptions:\n  httpPutResponseHopLimit: 0",
            T + "spec.metadataOptions.httpPutResponseHopLimit: must be between 1 and 64, not 0"),
        spec(
            "hop limit 65",
            "metadataOptions:\n  httpPutResponseHopLimit: 65",
            T + "spec.metadataOptions.httpPutResponseHopLimit: must be between 1 and 64, not 65"),
        spec(
            "http tokens invalid",
            "metadataOptions:\n  httpTokens: sometimes",
            T + "spec.metadataOptions.httpTokens: must be required or optional, not \"sometimes\""),
        spec(
            "http endpoint invalid",
            "metadataOptions:\n  httpEndpoint: \"on\"",
            T + "spec.metadataOptions.httpEndpoint: must be enabled or disabled, not \"on\""),
        spec(
            "http endpoint unquoted on is a YAML boolean",
            "metadataOptions:\n  httpEndpoint: on",
            T
                + "spec.metadataOptions.httpEndpoint: must be a string, not the boolean true (quote"
                + " it)"),
        spec(
            "IPv6 endpoint invalid",
            "metadataOptions:\n  httpProtocolIPv6: dual",
            T + "spec.metadataOptions.httpProtocolIPv6: must be enabled or disabled, not \"dual\""),
        spec(
            "cluster tag",
            "tags:\n  kubernetes.io/cluster/my-cluster: owned",
            T
                + "spec.tags[kubernetes.io/cluster/my-cluster]: tag key"
                + " kubernetes.io/cluster/my-cluster is restricted: Dovetail sets it"),
        spec(
            "managed-by tag",
            "tags:\n  karpenter.sh/managed-by: me",
            T
                + "spec.tags[karpenter.sh/managed-by]: tag key karpenter.sh/managed-by is restricted: Dovetail sets it"),
        spec("unknown field", "amiFamly: AL2", T + "spec.amiFamly: unknown field"),
        spec(
            "detailedMonitoring as a string",
            "detailedMonitoring: \"yes\"",
            T + "spec.detailedMonitoring: must be true or false, not the string \"yes\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithTheExpectedFieldAndRule(Case c) {
    ManifestSet set = new ManifestReader().readString(c.name() + ".yaml", c.manifest());
    assertThat(set.errors()).isEmpty();
    Decoded<?> decoded = KINDS.decode(set.documents().get(0));
    assertThat(decoded.validate().stream().map(Problem::toString).toList())
        .containsExactlyElementsOf(c.expected());
  }
}
