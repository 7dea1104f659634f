package dev.dovetail.aws.nodeclass;

import java.util.List;

/** The public SSM parameter paths of the EKS-optimized AMIs, per Kubernetes minor version. */
public final class AmiPaths {
  private AmiPaths() {}

  public static String al2(String version, String variant) {
    return "/aws/service/eks/optimized-ami/"
        + version
        + "/amazon-linux-2"
        + variant
        + "/recommended/image_id";
  }

  public static String al2023(String version, String arch, String variant) {
    return "/aws/service/eks/optimized-ami/"
        + version
        + "/amazon-linux-2023/"
        + arch
        + "/"
        + variant
        + "/recommended/image_id";
  }

  public static String bottlerocket(String version, boolean nvidia, String arch) {
    return "/aws/service/bottlerocket/aws-k8s-"
        + version
        + (nvidia ? "-nvidia" : "")
        + "/"
        + arch
        + "/latest/image_id";
  }

  public static String ubuntu(String version, String arch) {
    return "/aws/service/canonical/ubuntu/eks/20.04/"
        + version
        + "/stable/current/"
        + arch
        + "/hvm/ebs-gp2/ami-id";
  }

  /** Every path the AMI families read for one version. */
  public static List<String> all(String version) {
    return List.of(
        al2(version, ""),
        al2(version, "-gpu"),
        al2(version, "-arm64"),
        al2023(version, "x86_64", "standard"),
        al2023(version, "x86_64", "nvidia"),
        al2023(version, "arm64", "standard"),
        bottlerocket(version, false, "x86_64"),
        bottlerocket(version, true, "x86_64"),
        bottlerocket(version, false, "arm64"),
        bottlerocket(version, true, "arm64"),
        ubuntu(version, "amd64"),
        ubuntu(version, "arm64"));
  }
}
