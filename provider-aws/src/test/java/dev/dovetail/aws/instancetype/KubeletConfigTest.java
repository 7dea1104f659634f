package dev.dovetail.aws.instancetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.api.v1alpha5.KubeletConfiguration;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeletConfigTest {
  private static KubeletConfiguration kubeletOf(String yaml) {
    var set = new ManifestReader().readString("p.yaml", yaml);
    Provisioner provisioner =
        (Provisioner) KindRegistry.builtIn().decode(set.documents().get(0)).object();
    return provisioner.getSpec().kubeletConfiguration();
  }

  @Test
  void convertsTheProvisionersKubeletConfiguration() {
    KubeletConfig config =
        KubeletConfig.from(
            kubeletOf(
                """
                apiVersion: karpenter.sh/v1alpha5
                kind: Provisioner
                metadata: {name: gpu}
                spec:
                  kubeletConfiguration:
                    maxPods: 110
                    kubeReserved: {cpu: 200m, memory: 1Gi}
                    evictionSoft: {memory.available: 5%}
                    evictionSoftGracePeriod: {memory.available: 1m30s}
                """));
    assertThat(config.maxPods()).hasValue(110);
    assertThat(config.kubeReserved())
        .containsEntry("cpu", "0.2")
        .containsEntry("memory", String.valueOf(1L << 30));
    assertThat(config.evictionSoft()).containsEntry("memory.available", "5%");
    assertThat(config.evictionSoftGracePeriod()).containsEntry("memory.available", "90s");
    assertThat(config.podsPerCore()).isEqualTo(Optional.empty());
  }

  @Test
  void noConfigurationMeansTheDefaults() {
    assertThat(KubeletConfig.from(null)).isEqualTo(KubeletConfig.DEFAULTS);
  }

  @Test
  void aReservedValueThatIsNotAQuantityNamesTheKey() {
    KubeletConfiguration k =
        new KubeletConfiguration(
            null,
            null,
            null,
            null,
            Map.of("memory", new Quantity("plenty")),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> KubeletConfig.from(k))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memory: \"plenty\" is not a quantity");
  }
}
