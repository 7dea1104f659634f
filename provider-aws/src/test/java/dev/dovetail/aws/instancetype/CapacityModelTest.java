package dev.dovetail.aws.instancetype;

import static dev.dovetail.aws.instancetype.ResourceUnits.CPU;
import static dev.dovetail.aws.instancetype.ResourceUnits.EPHEMERAL_STORAGE;
import static dev.dovetail.aws.instancetype.ResourceUnits.GIB;
import static dev.dovetail.aws.instancetype.ResourceUnits.MEMORY;
import static dev.dovetail.aws.instancetype.ResourceUnits.MIB;
import static dev.dovetail.aws.instancetype.ResourceUnits.PODS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dovetail.aws.amifamily.AmiFamily;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityModelTest {
  private final CapacityModel model = new CapacityModel(CapacitySettings.DEFAULTS);

  static InstanceTypeSpec t3aMedium() {
    return InstanceTypeSpec.builder("t3a.medium", 2, 4096).enis(3, 6).burstable(true).build();
  }

  static InstanceTypeSpec m5Large() {
    return InstanceTypeSpec.builder("m5.large", 2, 8192).enis(3, 10).branchEnis(9).build();
  }

  @ParameterizedTest(name = "{0}: {4} pods, {5}m cpu, {6}Mi memory allocatable")
  @CsvSource({
    // type, vcpu, MiB, enis x ipv4, pods, allocatable cpu (upstream's), allocatable memory MiB
    // memory = MiB - ceil(7.5%) - (11 x pods + 255) - 100
    "t3a.medium,  2,  4096, 3, 6,  17, 1930, 3246",
    "t3a.large,   2,  8192, 3, 12, 35, 1930, 6837",
    "t3a.xlarge,  4, 16384, 4, 15, 58, 3920, 14162",
    "t3a.2xlarge, 8, 32768, 4, 15, 58, 7910, 29317",
    "c5.large,    2,  4096, 3, 10, 29, 1930, 3114",
    "m5.large,    2,  8192, 3, 10, 29, 1930, 6903",
    "m5.xlarge,   4, 16384, 4, 15, 58, 3920, 14162",
  })
  void reproducesTheScenarioTable(
      String name, int vcpu, long mib, int enis, int ipv4, long pods, long cpuMillis, long memMib) {
    InstanceTypeSpec spec = InstanceTypeSpec.builder(name, vcpu, mib).enis(enis, ipv4).build();

    NodeResources r = model.compute(spec, AmiFamily.AL2, KubeletConfig.DEFAULTS);

    assertThat(r.capacity().get(PODS)).isEqualTo(pods);
    assertThat(r.allocatable(CPU)).isEqualTo(cpuMillis);
    assertThat(r.allocatable(MEMORY)).isEqualTo(memMib * MIB);
    assertThat(r.allocatable(PODS)).isEqualTo(pods);
  }

  @Test
  void kubeReservedCpuFollowsTheTiers() {
    assertThat(CapacityModel.kubeReservedCpuMillis(1)).isEqualTo(60);
    assertThat(CapacityModel.kubeReservedCpuMillis(2)).isEqualTo(70);
    assertThat(CapacityModel.kubeReservedCpuMillis(4)).isEqualTo(80);
    assertThat(CapacityModel.kubeReservedCpuMillis(8)).isEqualTo(90);
    // 96 cores: 80 + 92 x 2.5
    assertThat(CapacityModel.kubeReservedCpuMillis(96)).isEqualTo(310);
    // odd core counts above 4 round the half millicore up
    assertThat(CapacityModel.kubeReservedCpuMillis(5)).isEqualTo(83);
  }

  @Test
  void arm64LosesTheCmaReservationBeforeTheVmOverhead() {
    InstanceTypeSpec c7g =
        InstanceTypeSpec.builder("c7g.large", 2, 4096).architecture("arm64").build();
    // (4096 - 64) = 4032; ceil(4032 x 0.075) = 303 → 3729
    assertThat(model.memoryMib(c7g)).isEqualTo(3729);
  }

  @Test
  void vmMemoryOverheadPercentIsASetting() {
    CapacityModel none = new CapacityModel(new CapacitySettings(0, 0, true, false));
    assertThat(none.memoryMib(t3aMedium())).isEqualTo(4096);
  }

  @Test
  void reservedEnisLowerTheEniLimitedPodCount() {
    CapacityModel reserved = new CapacityModel(new CapacitySettings(0.075, 1, true, false));
    // (3 - 1) x (10 - 1) + 2
    assertThat(reserved.pods(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS)).isEqualTo(20);
  }

  @Test
  void withoutEniLimitedDensityPodsDefaultTo110() {
    CapacityModel off = new CapacityModel(new CapacitySettings(0.075, 0, false, false));
    assertThat(off.pods(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS)).isEqualTo(110);
    assertThat(model.pods(m5Large(), AmiFamily.WINDOWS2022, KubeletConfig.DEFAULTS)).isEqualTo(110);
  }

  @Test
  void maxPodsOverridesButAl2KubeReservedStillUsesTheEniLimit() {
    KubeletConfig kubelet = KubeletConfig.DEFAULTS.withMaxPods(110);

    NodeResources al2 = model.compute(m5Large(), AmiFamily.AL2, kubelet);
    NodeResources bottlerocket = model.compute(m5Large(), AmiFamily.BOTTLEROCKET, kubelet);

    assertThat(al2.capacity().get(PODS)).isEqualTo(110);
    assertThat(al2.kubeReserved().get(MEMORY)).isEqualTo((11 * 29 + 255) * MIB);
    assertThat(bottlerocket.kubeReserved().get(MEMORY)).isEqualTo((11 * 110 + 255) * MIB);
  }

  @Test
  void podsPerCoreCapsPodsExceptOnBottlerocket() {
    KubeletConfig kubelet = KubeletConfig.DEFAULTS.withPodsPerCore(4);

    assertThat(model.pods(m5Large(), AmiFamily.AL2, kubelet)).isEqualTo(8);
    assertThat(model.pods(m5Large(), AmiFamily.BOTTLEROCKET, kubelet)).isEqualTo(29);
    assertThat(model.pods(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS.withPodsPerCore(0)))
        .isEqualTo(29);
  }

  @Test
  void kubeAndSystemReservedOverridePerKey() {
    KubeletConfig kubelet =
        KubeletConfig.DEFAULTS
            .withKubeReserved(Map.of("cpu", "200m"))
            .withSystemReserved(Map.of("memory", "1Gi", "cpu", "0.1"));

    NodeResources r = model.compute(m5Large(), AmiFamily.AL2, kubelet);

    assertThat(r.kubeReserved().get(CPU)).isEqualTo(200);
    assertThat(r.kubeReserved().get(MEMORY)).isEqualTo(574 * MIB);
    assertThat(r.allocatable(CPU)).isEqualTo(2000 - 200 - 100);
    assertThat(r.allocatable(MEMORY)).isEqualTo((6903 - 1024) * MIB);
  }

  @Test
  void evictionThresholdTakesTheLargestOfHardAndSoft() {
    KubeletConfig kubelet =
        KubeletConfig.DEFAULTS
            .withEvictionHard(Map.of("memory.available", "500Mi", "nodefs.available", "15%"))
            .withEvictionSoft(Map.of("memory.available", "1Gi"));

    NodeResources al2 = model.compute(m5Large(), AmiFamily.AL2, kubelet);
    NodeResources bottlerocket = model.compute(m5Large(), AmiFamily.BOTTLEROCKET, kubelet);

    assertThat(al2.evictionThreshold().get(MEMORY)).isEqualTo(GIB);
    assertThat(al2.evictionThreshold().get(EPHEMERAL_STORAGE)).isEqualTo(3 * GIB);
    assertThat(bottlerocket.evictionThreshold().get(MEMORY)).isEqualTo(500 * MIB);
  }

  @Test
  void defaultEvictionIs100MiAndTenPercentOfStorage() {
    NodeResources r = model.compute(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS);
    assertThat(r.evictionThreshold()).containsEntry(MEMORY, 100 * MIB);
    assertThat(r.evictionThreshold()).containsEntry(EPHEMERAL_STORAGE, 2 * GIB);
    // 20Gi - 1Gi kube-reserved - 2Gi eviction
    assertThat(r.allocatable(EPHEMERAL_STORAGE)).isEqualTo(17 * GIB);
  }

  @Test
  void percentEvictionOfMemoryUsesTheCapacityAnd100PercentDisables() {
    NodeResources pct =
        model.compute(
            m5Large(),
            AmiFamily.AL2,
            KubeletConfig.DEFAULTS.withEvictionHard(Map.of("memory.available", "10%")));
    assertThat(pct.evictionThreshold().get(MEMORY)).isEqualTo((7577 * MIB + 9) / 10);

    NodeResources disabled =
        model.compute(
            m5Large(),
            AmiFamily.AL2,
            KubeletConfig.DEFAULTS.withEvictionHard(Map.of("memory.available", "100%")));
    assertThat(disabled.evictionThreshold().get(MEMORY)).isZero();
  }

  @Test
  void gpusAndAcceleratorsBecomeExtendedResources() {
    InstanceTypeSpec g5 =
        InstanceTypeSpec.builder("g5.xlarge", 4, 16384).gpus(1, "A10G", "NVIDIA", 22888).build();
    InstanceTypeSpec inf2 =
        InstanceTypeSpec.builder("inf2.xlarge", 4, 16384)
            .accelerators(1, "Inferentia2", "AWS")
            .build();
    InstanceTypeSpec gaudi =
        InstanceTypeSpec.builder("dl1.24xlarge", 96, 786432)
            .gpus(8, "Gaudi HL-205", "Habana", 32768)
            .build();
    InstanceTypeSpec amd =
        InstanceTypeSpec.builder("g4ad.xlarge", 4, 16384)
            .gpus(1, "Radeon Pro V520", "AMD", 8192)
            .build();

    assertThat(model.compute(g5, AmiFamily.AL2, KubeletConfig.DEFAULTS).allocatable())
        .containsEntry(CapacityModel.NVIDIA_GPU, 1L);
    assertThat(model.compute(inf2, AmiFamily.AL2, KubeletConfig.DEFAULTS).allocatable())
        .containsEntry(CapacityModel.AWS_NEURON, 1L);
    assertThat(model.compute(gaudi, AmiFamily.AL2, KubeletConfig.DEFAULTS).allocatable())
        .containsEntry(CapacityModel.HABANA_GAUDI, 8L);
    assertThat(model.compute(amd, AmiFamily.AL2, KubeletConfig.DEFAULTS).allocatable())
        .containsEntry(CapacityModel.AMD_GPU, 1L);
  }

  @Test
  void podEniOnlyWithTheSetting() {
    CapacityModel podEni = new CapacityModel(new CapacitySettings(0.075, 0, true, true));
    assertThat(model.compute(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS).capacity())
        .doesNotContainKey(CapacityModel.POD_ENI);
    assertThat(podEni.compute(m5Large(), AmiFamily.AL2, KubeletConfig.DEFAULTS).capacity())
        .containsEntry(CapacityModel.POD_ENI, 9L);
  }

  @Test
  void badKubeReservedKeyNamesTheFieldAndKey() {
    KubeletConfig kubelet = KubeletConfig.DEFAULTS.withKubeReserved(Map.of("gpu", "1"));
    assertThatThrownBy(() -> model.compute(m5Large(), AmiFamily.AL2, kubelet))
        .hasMessageContaining("kubeletConfiguration.kubeReserved")
        .hasMessageContaining("'gpu'");
  }

  @Test
  void badQuantityNamesTheField() {
    KubeletConfig kubelet = KubeletConfig.DEFAULTS.withSystemReserved(Map.of("memory", "lots"));
    assertThatThrownBy(() -> model.compute(m5Large(), AmiFamily.AL2, kubelet))
        .hasMessageContaining("kubeletConfiguration.systemReserved.memory")
        .hasMessageContaining("'lots'");
  }
}
