package dev.dovetail.aws.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDiscoveryTest {
  private final List<String> described = new ArrayList<>();

  private ClusterDiscovery.EksCluster eks(String name) {
    described.add(name);
    return new ClusterDiscovery.EksCluster(
        "https://ABC.gr7.us-west-2.eks.amazonaws.com", "RUtTQ0E=");
  }

  @Test
  void anEmptyEndpointIsDiscoveredWithDescribeClusterTogetherWithItsCa() {
    AwsSettings s =
        ClusterDiscovery.complete(
            AwsSettings.defaults("prod"), new ClusterDiscovery.KubeCa(null, null), this::eks);

    assertThat(described).containsExactly("prod");
    assertThat(s.clusterEndpoint()).isEqualTo("https://ABC.gr7.us-west-2.eks.amazonaws.com");
    assertThat(s.clusterCaBundle()).isEqualTo("RUtTQ0E=");
  }

  @Test
  void aGivenEndpointAndTheControllersOwnCaNeedNoAwsCall(@TempDir Path dir) throws Exception {
    Path ca = dir.resolve("ca.crt");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n");
    AwsSettings given =
        AwsSettings.parse(Map.of("clusterName", "prod", "clusterEndpoint", "https://api.example"));

    AwsSettings s =
        ClusterDiscovery.complete(
            given, new ClusterDiscovery.KubeCa(null, ca.toString()), this::eks);

    assertThat(described).isEmpty();
    assertThat(s.clusterEndpoint()).isEqualTo("https://api.example");
    assertThat(
            new String(Base64.getDecoder().decode(s.clusterCaBundle()), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void aFailedDiscoveryNamesTheSettingAndAHostileEndpointIsRefused() {
    assertThatThrownBy(
            () ->
                ClusterDiscovery.complete(
                    AwsSettings.defaults("prod"),
                    new ClusterDiscovery.KubeCa(null, null),
                    name -> {
                      throw new IllegalStateException("AccessDenied");
                    }))
        .hasMessageContaining("settings.aws.clusterEndpoint is empty and eks:DescribeCluster")
        .hasMessageContaining("AccessDenied");
    assertThatThrownBy(
            () ->
                ClusterDiscovery.complete(
                    AwsSettings.defaults("prod"),
                    new ClusterDiscovery.KubeCa("Q0E=", null),
                    name -> new ClusterDiscovery.EksCluster("https://x' ; reboot ; '", null)))
        .hasMessageContaining("settings.aws.clusterEndpoint from eks:DescribeCluster must be");
  }
}
