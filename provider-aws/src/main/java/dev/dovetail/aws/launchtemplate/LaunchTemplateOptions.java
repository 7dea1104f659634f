package dev.dovetail.aws.launchtemplate;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.nodeclass.NodeClassSpec.BlockDevice;
import dev.dovetail.aws.nodeclass.NodeClassSpec.MetadataOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One resolved option set; every distinct set gets its own launch template, named by its hash.
 *
 * @param clusterName the cluster, for the {@code karpenter.k8s.aws/cluster} tag
 * @param amiId the image
 * @param userDataBase64 user data, base64
 * @param securityGroupIds security groups
 * @param instanceProfile IAM instance profile name
 * @param blockDevices block device mappings (already defaulted per family)
 * @param metadata instance metadata options
 * @param detailedMonitoring CloudWatch detailed monitoring
 * @param associatePublicIp false when no selected subnet assigns public IPs; null to leave it
 * @param tags tags for the template and its instances and volumes
 */
public record LaunchTemplateOptions(
    String clusterName,
    String amiId,
    String userDataBase64,
    List<String> securityGroupIds,
    String instanceProfile,
    List<BlockDevice> blockDevices,
    MetadataOptions metadata,
    boolean detailedMonitoring,
    Boolean associatePublicIp,
    Map<String, String> tags) {

  /** Name prefix of the templates Dovetail manages. */
  public static final String NAME_PREFIX = "karpenter.k8s.aws/";

  public LaunchTemplateOptions {
    securityGroupIds = List.copyOf(securityGroupIds);
    blockDevices = List.copyOf(blockDevices);
    tags = Map.copyOf(tags);
  }

  /** {@code karpenter.k8s.aws/<hash of every option>}. */
  public String name() {
    String canonical =
        String.join(
            "\n",
            clusterName,
            amiId,
            userDataBase64,
            securityGroupIds.stream().sorted().toList().toString(),
            String.valueOf(instanceProfile),
            blockDevices.toString(),
            metadata.toString(),
            Boolean.toString(detailedMonitoring),
            String.valueOf(associatePublicIp),
            new TreeMap<>(tags).toString());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return NAME_PREFIX + HexFormat.of().formatHex(digest).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The default block devices of a family: encrypted gp3, root sized per family. */
  public static List<BlockDevice> defaultBlockDevices(AmiFamily family) {
    return switch (family) {
      case BOTTLEROCKET ->
          List.of(
              new BlockDevice("/dev/xvda", 4, "gp3", null, null, true, null, true, null),
              new BlockDevice("/dev/xvdb", 20, "gp3", null, null, true, null, true, null));
      case UBUNTU ->
          List.of(new BlockDevice("/dev/sda1", 20, "gp3", null, null, true, null, true, null));
      case WINDOWS2019, WINDOWS2022 ->
          List.of(new BlockDevice("/dev/sda1", 50, "gp3", null, null, true, null, true, null));
      case AL2, AL2023, CUSTOM ->
          List.of(new BlockDevice("/dev/xvda", 20, "gp3", null, null, true, null, true, null));
    };
  }
}
