package dev.dovetail.aws.instancetype;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts EC2 publishes about one instance type (DescribeInstanceTypes plus the VPC limits),
 * before any Kubernetes overhead is applied. Built from a catalog row or from a
 * DescribeInstanceTypes answer.
 *
 * @param name instance type name, e.g. {@code m5.large}
 * @param vcpus default vCPUs
 * @param memoryMib memory in MiB as EC2 reports it
 * @param architecture {@code x86_64} or {@code arm64} (EC2 spelling)
 * @param gpuCount GPUs, 0 when none
 * @param gpuName GPU model, empty when none
 * @param gpuManufacturer GPU maker ({@code NVIDIA}, {@code AMD}, {@code Habana}), empty when none
 * @param gpuMemoryMib memory of one GPU in MiB, 0 when none
 * @param acceleratorCount Neuron devices (Inferentia/Trainium) or inference accelerators, 0 when
 *     none
 * @param acceleratorName accelerator model, empty when none
 * @param acceleratorManufacturer accelerator maker, empty when none
 * @param localNvmeGb NVMe instance storage in GB, 0 when none
 * @param maxEnis network interfaces on the default network card
 * @param ipv4PerEni IPv4 addresses per interface
 * @param branchEnis trunk/branch interfaces for security groups for pods, 0 when unknown
 * @param networkBandwidthMbps baseline bandwidth in Mbit/s, empty when AWS gives no number
 * @param burstable whether the type has burstable CPU credits
 * @param bareMetal whether the type is a metal size
 * @param hypervisor {@code nitro}, {@code xen} or empty (bare metal)
 * @param currentGeneration whether EC2 lists it as current generation
 * @param spotSupported whether {@code spot} is a supported usage class
 * @param operatingSystems the {@code kubernetes.io/os} values nodes of this type may run: {@code
 *     linux}, {@code windows} or both (null or empty: linux)
 */
public record InstanceTypeSpec(
    String name,
    int vcpus,
    long memoryMib,
    String architecture,
    int gpuCount,
    String gpuName,
    String gpuManufacturer,
    long gpuMemoryMib,
    int acceleratorCount,
    String acceleratorName,
    String acceleratorManufacturer,
    long localNvmeGb,
    int maxEnis,
    int ipv4PerEni,
    int branchEnis,
    Optional<Long> networkBandwidthMbps,
    boolean burstable,
    boolean bareMetal,
    String hypervisor,
    boolean currentGeneration,
    boolean spotSupported,
    SortedSet<String> operatingSystems) {

  /** The operating systems a type runs when nothing else is known. */
  public static final SortedSet<String> LINUX =
      Collections.unmodifiableSortedSet(new TreeSet<>(Set.of("linux")));

  private static final Set<String> KNOWN_OPERATING_SYSTEMS = Set.of("linux", "windows");

  private static final Pattern CATEGORY_GENERATION =
      Pattern.compile("^([a-z]+)(-[0-9]+tb)?([0-9]+).*\\.");

  /** Validates the facts; names the type and the field on error. */
  public InstanceTypeSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.indexOf('.') <= 0) {
      throw new IllegalArgumentException(
          "instance type name '" + name + "' must look like <family>.<size>");
    }
    if (vcpus <= 0) {
      throw new IllegalArgumentException(name + ": vcpus must be positive, got " + vcpus);
    }
    if (memoryMib <= 0) {
      throw new IllegalArgumentException(name + ": memory must be positive, got " + memoryMib);
    }
    if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
      throw new IllegalArgumentException(
          name + ": architecture must be x86_64 or arm64, got '" + architecture + "'");
    }
    if (maxEnis < 0 || ipv4PerEni < 0 || branchEnis < 0) {
      throw new IllegalArgumentException(name + ": ENI counts must not be negative");
    }
    gpuName = Objects.requireNonNullElse(gpuName, "");
    gpuManufacturer = Objects.requireNonNullElse(gpuManufacturer, "");
    acceleratorName = Objects.requireNonNullElse(acceleratorName, "");
    acceleratorManufacturer = Objects.requireNonNullElse(acceleratorManufacturer, "");
    hypervisor = Objects.requireNonNullElse(hypervisor, "");
    networkBandwidthMbps = Objects.requireNonNullElse(networkBandwidthMbps, Optional.empty());
    operatingSystems =
        operatingSystems == null || operatingSystems.isEmpty()
            ? LINUX
            : Collections.unmodifiableSortedSet(new TreeSet<>(operatingSystems));
    for (String os : operatingSystems) {
      if (!KNOWN_OPERATING_SYSTEMS.contains(os)) {
        throw new IllegalArgumentException(
            name + ": operating system must be linux or windows, got '" + os + "'");
      }
    }
  }

  /**
   * The {@code kubernetes.io/os} label of a node of this type: linux when the type runs it, else
   * its only other operating system.
   */
  public String defaultOperatingSystem() {
    return operatingSystems.contains("linux") ? "linux" : operatingSystems.first();
  }

  /** A builder with the common defaults (no GPU, nitro, current generation, spot supported). */
  public static Builder builder(String name, int vcpus, long memoryMib) {
    return new Builder(name, vcpus, memoryMib);
  }

  /** The part before the first dot, e.g. {@code m5a} or {@code u-6tb1}. */
  public String family() {
    return name.substring(0, name.indexOf('.'));
  }

  /** The part after the first dot, e.g. {@code xlarge}. */
  public String size() {
    return name.substring(name.indexOf('.') + 1);
  }

  /** The leading letters ({@code m}, {@code hpc}), empty when the name does not follow the rule. */
  public String category() {
    Matcher m = CATEGORY_GENERATION.matcher(name);
    return m.find() ? m.group(1) : "";
  }

  /** The generation digits ({@code 5}), empty when the name does not follow the rule. */
  public String generation() {
    Matcher m = CATEGORY_GENERATION.matcher(name);
    return m.find() ? m.group(3) : "";
  }

  /** Kubernetes architecture label value: {@code amd64} or {@code arm64}. */
  public String kubernetesArch() {
    return architecture.equals("arm64") ? "arm64" : "amd64";
  }

  /** True when the type has GPUs or accelerators (the "exotic" types of the launch filter). */
  public boolean hasAccelerators() {
    return gpuCount > 0 || acceleratorCount > 0;
  }

  /** Builder for {@link InstanceTypeSpec}. */
  public static final class Builder {
    private final String name;
    private final int vcpus;
    private final long memoryMib;
    private String architecture = "x86_64";
    private int gpuCount;
    private String gpuName = "";
    private String gpuManufacturer = "";
    private long gpuMemoryMib;
    private int acceleratorCount;
    private String acceleratorName = "";
    private String acceleratorManufacturer = "";
    private long localNvmeGb;
    private int maxEnis = 3;
    private int ipv4PerEni = 10;
    private int branchEnis;
    private Optional<Long> networkBandwidthMbps = Optional.empty();
    private boolean burstable;
    private boolean bareMetal;
    private String hypervisor = "nitro";
    private boolean currentGeneration = true;
    private boolean spotSupported = true;
    private SortedSet<String> operatingSystems = LINUX;

    private Builder(String name, int vcpus, long memoryMib) {
      this.name = name;
      this.vcpus = vcpus;
      this.memoryMib = memoryMib;
    }

    public Builder architecture(String v) {
      this.architecture = v;
      return this;
    }

    public Builder gpus(int count, String gpuName, String manufacturer, long memoryMib) {
      this.gpuCount = count;
      this.gpuName = gpuName;
      this.gpuManufacturer = manufacturer;
      this.gpuMemoryMib = memoryMib;
      return this;
    }

    public Builder accelerators(int count, String name, String manufacturer) {
      this.acceleratorCount = count;
      this.acceleratorName = name;
      this.acceleratorManufacturer = manufacturer;
      return this;
    }

    public Builder localNvmeGb(long v) {
      this.localNvmeGb = v;
      return this;
    }

    public Builder enis(int maxEnis, int ipv4PerEni) {
      this.maxEnis = maxEnis;
      this.ipv4PerEni = ipv4PerEni;
      return this;
    }

    public Builder branchEnis(int v) {
      this.branchEnis = v;
      return this;
    }

    public Builder networkBandwidthMbps(long v) {
      this.networkBandwidthMbps = Optional.of(v);
      return this;
    }

    public Builder burstable(boolean v) {
      this.burstable = v;
      return this;
    }

    public Builder bareMetal(boolean v) {
      this.bareMetal = v;
      if (v) {
        this.hypervisor = "";
      }
      return this;
    }

    public Builder hypervisor(String v) {
      this.hypervisor = v;
      return this;
    }

    public Builder currentGeneration(boolean v) {
      this.currentGeneration = v;
      return this;
    }

    public Builder spotSupported(boolean v) {
      this.spotSupported = v;
      return this;
    }

    public Builder operatingSystems(SortedSet<String> v) {
      this.operatingSystems = v;
      return this;
    }

    public InstanceTypeSpec build() {
      return new InstanceTypeSpec(
          name,
          vcpus,
          memoryMib,
          architecture,
          gpuCount,
          gpuName,
          gpuManufacturer,
          gpuMemoryMib,
          acceleratorCount,
          acceleratorName,
          acceleratorManufacturer,
          localNvmeGb,
          maxEnis,
          ipv4PerEni,
          branchEnis,
          networkBandwidthMbps,
          burstable,
          bareMetal,
          hypervisor,
          currentGeneration,
          spotSupported,
          operatingSystems);
    }
  }
}
