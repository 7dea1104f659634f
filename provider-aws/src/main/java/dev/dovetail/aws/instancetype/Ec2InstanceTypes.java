package dev.dovetail.aws.instancetype;

import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.GpuDeviceMemoryInfo;
import software.amazon.awssdk.services.ec2.model.GpuInfo;
import software.amazon.awssdk.services.ec2.model.InferenceAcceleratorInfo;
import software.amazon.awssdk.services.ec2.model.InferenceDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InstanceStorageInfo;
import software.amazon.awssdk.services.ec2.model.MemoryInfo;
import software.amazon.awssdk.services.ec2.model.NetworkCardInfo;
import software.amazon.awssdk.services.ec2.model.NetworkInfo;
import software.amazon.awssdk.services.ec2.model.NeuronDeviceInfo;
import software.amazon.awssdk.services.ec2.model.NeuronInfo;
import software.amazon.awssdk.services.ec2.model.ProcessorInfo;
import software.amazon.awssdk.services.ec2.model.VCpuInfo;

/** Converts between EC2's DescribeInstanceTypes shape and {@link InstanceTypeSpec}. */
public final class Ec2InstanceTypes {
  private Ec2InstanceTypes() {}

  /**
   * The facts of one DescribeInstanceTypes entry; ENIs are those of the default network card, and
   * the bandwidth is the default card's baseline.
   *
   * @throws IllegalArgumentException naming the type when a required field is missing
   */
  public static InstanceTypeSpec toSpec(
      software.amazon.awssdk.services.ec2.model.InstanceTypeInfo i) {
    String name = i.instanceTypeAsString();
    if (i.vCpuInfo() == null || i.memoryInfo() == null || i.processorInfo() == null) {
      throw new IllegalArgumentException(
          "DescribeInstanceTypes: " + name + " lacks VCpuInfo, MemoryInfo or ProcessorInfo");
    }
    List<String> archs = i.processorInfo().supportedArchitecturesAsStrings();
    String arch = archs.contains("arm64") ? "arm64" : "x86_64";
    InstanceTypeSpec.Builder b =
        InstanceTypeSpec.builder(name, i.vCpuInfo().defaultVCpus(), i.memoryInfo().sizeInMiB())
            .architecture(arch);
    GpuInfo gpu = i.gpuInfo();
    if (gpu != null && gpu.hasGpus() && !gpu.gpus().isEmpty()) {
      GpuDeviceInfo d = gpu.gpus().get(0);
      b.gpus(
          nz(d.count()),
          d.name(),
          d.manufacturer(),
          d.memoryInfo() == null ? 0 : nz(d.memoryInfo().sizeInMiB()));
    }
    NeuronInfo neuron = i.neuronInfo();
    InferenceAcceleratorInfo inference = i.inferenceAcceleratorInfo();
    if (neuron != null && neuron.hasNeuronDevices() && !neuron.neuronDevices().isEmpty()) {
      NeuronDeviceInfo d = neuron.neuronDevices().get(0);
      b.accelerators(nz(d.count()), d.name(), "AWS");
    } else if (inference != null
        && inference.hasAccelerators()
        && !inference.accelerators().isEmpty()) {
      InferenceDeviceInfo d = inference.accelerators().get(0);
      b.accelerators(nz(d.count()), d.name(), d.manufacturer());
    }
    InstanceStorageInfo storage = i.instanceStorageInfo();
    if (storage != null && "required".equals(storage.nvmeSupportAsString())
        || storage != null && "supported".equals(storage.nvmeSupportAsString())) {
      b.localNvmeGb(storage.totalSizeInGB() == null ? 0 : storage.totalSizeInGB());
    }
    NetworkInfo net = i.networkInfo();
    if (net != null) {
      int enis = nz(net.maximumNetworkInterfaces());
      Optional<NetworkCardInfo> card = defaultCard(net);
      if (card.isPresent() && card.get().maximumNetworkInterfaces() != null) {
        enis = card.get().maximumNetworkInterfaces();
      }
      b.enis(enis, nz(net.ipv4AddressesPerInterface()));
      card.map(NetworkCardInfo::baselineBandwidthInGbps)
          .ifPresent(g -> b.networkBandwidthMbps(Math.round(g * 1000)));
    }
    b.burstable(Boolean.TRUE.equals(i.burstablePerformanceSupported()));
    b.bareMetal(Boolean.TRUE.equals(i.bareMetal()));
    if (i.hypervisorAsString() != null) {
      b.hypervisor(i.hypervisorAsString());
    }
    b.currentGeneration(!Boolean.FALSE.equals(i.currentGeneration()));
    b.spotSupported(i.supportedUsageClassesAsStrings().contains("spot"));
    return b.build();
  }

  /** The DescribeInstanceTypes entry for a spec (used by the simulated backend). */
  public static software.amazon.awssdk.services.ec2.model.InstanceTypeInfo toEc2(
      InstanceTypeSpec s) {
    var b =
        software.amazon.awssdk.services.ec2.model.InstanceTypeInfo.builder()
            .instanceType(s.name())
            .vCpuInfo(VCpuInfo.builder().defaultVCpus(s.vcpus()).build())
            .memoryInfo(MemoryInfo.builder().sizeInMiB(s.memoryMib()).build())
            .processorInfo(
                ProcessorInfo.builder().supportedArchitecturesWithStrings(s.architecture()).build())
            .supportedVirtualizationTypesWithStrings("hvm")
            .supportedUsageClassesWithStrings(
                s.spotSupported() ? List.of("on-demand", "spot") : List.of("on-demand"))
            .burstablePerformanceSupported(s.burstable())
            .bareMetal(s.bareMetal())
            .currentGeneration(s.currentGeneration());
    if (!s.hypervisor().isEmpty()) {
      b.hypervisor(s.hypervisor());
    }
    NetworkCardInfo.Builder card =
        NetworkCardInfo.builder().networkCardIndex(0).maximumNetworkInterfaces(s.maxEnis());
    s.networkBandwidthMbps().ifPresent(m -> card.baselineBandwidthInGbps(m / 1000.0));
    b.networkInfo(
        NetworkInfo.builder()
            .maximumNetworkInterfaces(s.maxEnis())
            .ipv4AddressesPerInterface(s.ipv4PerEni())
            .defaultNetworkCardIndex(0)
            .networkCards(card.build())
            .build());
    if (s.gpuCount() > 0) {
      b.gpuInfo(
          GpuInfo.builder()
              .gpus(
                  GpuDeviceInfo.builder()
                      .count(s.gpuCount())
                      .name(s.gpuName())
                      .manufacturer(s.gpuManufacturer())
                      .memoryInfo(
                          GpuDeviceMemoryInfo.builder().sizeInMiB((int) s.gpuMemoryMib()).build())
                      .build())
              .build());
    }
    if (s.acceleratorCount() > 0) {
      if (s.acceleratorManufacturer().equalsIgnoreCase("AWS")) {
        b.neuronInfo(
            NeuronInfo.builder()
                .neuronDevices(
                    NeuronDeviceInfo.builder()
                        .count(s.acceleratorCount())
                        .name(s.acceleratorName())
                        .build())
                .build());
      } else {
        b.inferenceAcceleratorInfo(
            InferenceAcceleratorInfo.builder()
                .accelerators(
                    InferenceDeviceInfo.builder()
                        .count(s.acceleratorCount())
                        .name(s.acceleratorName())
                        .manufacturer(s.acceleratorManufacturer())
                        .build())
                .build());
      }
    }
    if (s.localNvmeGb() > 0) {
      b.instanceStorageInfo(
          InstanceStorageInfo.builder()
              .totalSizeInGB(s.localNvmeGb())
              .nvmeSupport("required")
              .build());
    }
    return b.build();
  }

  private static Optional<NetworkCardInfo> defaultCard(NetworkInfo net) {
    if (!net.hasNetworkCards()) {
      return Optional.empty();
    }
    int index = net.defaultNetworkCardIndex() == null ? 0 : net.defaultNetworkCardIndex();
    return net.networkCards().stream()
        .filter(c -> c.networkCardIndex() != null && c.networkCardIndex() == index)
        .findFirst();
  }

  private static int nz(Integer v) {
    return v == null ? 0 : v;
  }

  private static long nz(Long v) {
    return v == null ? 0 : v;
  }
}
