package dev.dovetail.controllers.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.scheduling.CapacityType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CandidateNodeTest {
  private static CandidateNode candidateOf(String yaml) {
    var set = new ManifestReader().readString("p.yaml", yaml);
    Provisioner provisioner =
        (Provisioner) KindRegistry.builtIn().decode(set.documents().get(0)).object();
    return new CandidateNode(
        null, null, null, provisioner, "m5.large", "zone-a", CapacityType.SPOT, 0.1, List.of(), 0);
  }

  @Test
  void consolidationExpiryAndNodeClassComeFromTheProvisioner() {
    CandidateNode c =
        candidateOf(
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: gpu}
            spec:
              ttlSecondsUntilExpired: 2592000
              consolidation: {enabled: true}
              providerRef: {name: default}
            """);
    assertThat(c.provisionerName()).isEqualTo("gpu");
    assertThat(c.consolidationEnabled()).isTrue();
    assertThat(c.ttlAfterEmpty()).isNull();
    assertThat(c.expireAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(c.nodeClassRef()).isEqualTo(new ProviderRef(null, null, "default"));
  }

  @Test
  void emptinessTtlWithAnInlineProvider() {
    CandidateNode c =
        candidateOf(
            """
            apiVersion: karpenter.sh/v1alpha5
            kind: Provisioner
            metadata: {name: default}
            spec:
              ttlSecondsAfterEmpty: 30
              provider:
                subnetSelector: {karpenter.sh/discovery: my-cluster}
            """);
    assertThat(c.consolidationEnabled()).isFalse();
    assertThat(c.ttlAfterEmpty()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.expireAfter()).isNull();
    assertThat(c.nodeClassRef()).isNull();
  }
}
