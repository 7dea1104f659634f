package dev.dovetail.aws.instancetype;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceTypeLabelsTest {
  @Test
  void genericTypeCarriesEveryApplicableInstanceLabel() {
    InstanceTypeSpec spec =
        InstanceTypeSpec.builder("m5a.xlarge", 4, 16384)
            .enis(4, 15)
            .networkBandwidthMbps(1250)
            .build();

    assertThat(InstanceTypeLabels.of(spec, "us-east-1", 58))
        .containsEntry("node.kubernetes.io/instance-type", "m5a.xlarge")
        .containsEntry("kubernetes.io/arch", "amd64")
        .containsEntry("kubernetes.io/os", "linux")
        .containsEntry("topology.kubernetes.io/region", "us-east-1")
        .containsEntry("karpenter.k8s.aws/instance-category", "m")
        .containsEntry("karpenter.k8s.aws/instance-family", "m5a")
        .containsEntry("karpenter.k8s.aws/instance-generation", "5")
        .containsEntry("karpenter.k8s.aws/instance-size", "xlarge")
        .containsEntry("karpenter.k8s.aws/instance-cpu", "4")
        .containsEntry("karpenter.k8s.aws/instance-memory", "16384")
        .containsEntry("karpenter.k8s.aws/instance-pods", "58")
        .containsEntry("karpenter.k8s.aws/instance-network-bandwidth", "1250")
        .containsEntry("karpenter.k8s.aws/instance-hypervisor", "nitro")
        .doesNotContainKeys(
            "karpenter.k8s.aws/instance-gpu-count", "karpenter.k8s.aws/instance-local-nvme");
  }

  @Test
  void gpuAndAcceleratorLabelsAreLowerCased() {
    InstanceTypeSpec g5 =
        InstanceTypeSpec.builder("g5.xlarge", 4, 16384)
            .gpus(1, "A10G", "NVIDIA", 22888)
            .localNvmeGb(250)
            .build();
    InstanceTypeSpec trn =
        InstanceTypeSpec.builder("trn1.2xlarge", 8, 32768)
            .accelerators(1, "Trainium", "AWS")
            .build();

    assertThat(InstanceTypeLabels.of(g5, "us-east-1", 58))
        .containsEntry("karpenter.k8s.aws/instance-gpu-name", "a10g")
        .containsEntry("karpenter.k8s.aws/instance-gpu-manufacturer", "nvidia")
        .containsEntry("karpenter.k8s.aws/instance-gpu-count", "1")
        .containsEntry("karpenter.k8s.aws/instance-gpu-memory", "22888")
        .containsEntry("karpenter.k8s.aws/instance-local-nvme", "250");
    assertThat(InstanceTypeLabels.of(trn, "us-east-1", 58))
        .containsEntry("karpenter.k8s.aws/instance-category", "trn")
        .containsEntry("karpenter.k8s.aws/instance-accelerator-name", "trainium")
        .containsEntry("karpenter.k8s.aws/instance-accelerator-manufacturer", "aws")
        .containsEntry("karpenter.k8s.aws/instance-accelerator-count", "1");
  }

  @Test
  void categoryAndGenerationFollowTheNamingRule() {
    assertThat(InstanceTypeSpec.builder("u-6tb1.56xlarge", 224, 6291456).build().category())
        .isEqualTo("u");
    assertThat(InstanceTypeSpec.builder("u-6tb1.56xlarge", 224, 6291456).build().generation())
        .isEqualTo("1");
    assertThat(InstanceTypeSpec.builder("hpc7g.4xlarge", 16, 131072).build().category())
        .isEqualTo("hpc");
    assertThat(InstanceTypeSpec.builder("mac-m4.metal", 10, 24576).build().category()).isEmpty();
  }
}
