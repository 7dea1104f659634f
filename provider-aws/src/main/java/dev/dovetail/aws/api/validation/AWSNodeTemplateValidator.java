package dev.dovetail.aws.api.validation;

import dev.dovetail.api.validation.FieldPath;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.api.validation.Problems;
import dev.dovetail.api.validation.Quantities;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec.BlockDevice;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec.BlockDeviceMapping;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec.MetadataOptions;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates an AWSNodeTemplate as upstream's AWS validating webhook does. */
public final class AWSNodeTemplateValidator {
  public static final List<String> AMI_FAMILIES =
      List.of("AL2", "Bottlerocket", "Ubuntu", "Windows2019", "Windows2022", "Custom");
  public static final Set<String> VOLUME_TYPES =
      Set.of("standard", "io1", "io2", "gp2", "sc1", "st1", "gp3");
  static final BigDecimal MIN_VOLUME = BigDecimal.valueOf(1L << 30);
  static final BigDecimal MAX_VOLUME = BigDecimal.valueOf(64L << 40);

  private AWSNodeTemplateValidator() {}

  public static List<Problem> validate(AWSNodeTemplate template) {
    String name = template.getMetadata() == null ? null : template.getMetadata().getName();
    Problems problems = new Problems(AWSNodeTemplate.KIND, name);
    AWSNodeTemplateSpec spec = template.getSpec();
    FieldPath path = FieldPath.root("spec");
    if (spec == null) {
      problems.add(path, "required field is missing");
      return problems.toList();
    }
    Selectors.idSelector(spec.subnetSelector(), path.child("subnetSelector"), true, problems);
    boolean launchTemplate = spec.launchTemplate() != null && !spec.launchTemplate().isEmpty();
    if (launchTemplate) {
      excluded(spec.securityGroupSelector(), "securityGroupSelector", path, problems);
      excluded(spec.amiFamily(), "amiFamily", path, problems);
      excluded(spec.amiSelector(), "amiSelector", path, problems);
      excluded(spec.instanceProfile(), "instanceProfile", path, problems);
      excluded(spec.userData(), "userData", path, problems);
      excluded(spec.blockDeviceMappings(), "blockDeviceMappings", path, problems);
      excluded(spec.metadataOptions(), "metadataOptions", path, problems);
    } else {
      Selectors.idSelector(
          spec.securityGroupSelector(), path.child("securityGroupSelector"), true, problems);
    }
    String family = spec.amiFamily() == null ? "AL2" : spec.amiFamily();
    if (spec.amiFamily() != null && !AMI_FAMILIES.contains(spec.amiFamily())) {
      problems.add(
          path.child("amiFamily"),
          "unsupported AMI family \""
              + spec.amiFamily()
              + "\"; use one of "
              + String.join(", ", AMI_FAMILIES));
    }
    if ("Custom".equals(family) && (spec.amiSelector() == null || spec.amiSelector().isEmpty())) {
      problems.add(path.child("amiSelector"), "required when spec.amiFamily is Custom");
    }
    Selectors.amiSelector(spec.amiSelector(), path.child("amiSelector"), problems);
    if (spec.userData() != null && AMI_FAMILIES.contains(family)) {
      String error = UserDataFormat.check(family, spec.userData());
      if (error != null) {
        problems.add(path.child("userData"), error);
      }
    }
    tags(spec.tags(), path.child("tags"), problems);
    blockDevices(spec.blockDeviceMappings(), path.child("blockDeviceMappings"), problems);
    metadataOptions(spec.metadataOptions(), path.child("metadataOptions"), problems);
    return problems.toList();
  }

  private static void excluded(Object value, String field, FieldPath path, Problems problems) {
    boolean set =
        value != null
            && !(value instanceof Map<?, ?> map && map.isEmpty())
            && !(value instanceof List<?> list && list.isEmpty());
    if (set) {
      problems.add(path.child(field), "cannot be combined with spec.launchTemplate");
    }
  }

  private static void tags(Map<String, String> tags, FieldPath path, Problems problems) {
    if (tags == null) {
      return;
    }
    for (String key : tags.keySet()) {
      FieldPath at = path.key(key);
      if (key.isEmpty()) {
        problems.add(at, "tag keys must not be empty");
      } else if (key.startsWith("kubernetes.io/cluster/")
          || key.equals("karpenter.sh/provisioner-name")
          || key.equals("karpenter.sh/managed-by")) {
        problems.add(at, "tag key " + key + " is restricted: Dovetail sets it");
      }
    }
  }

  private static void blockDevices(
      List<BlockDeviceMapping> mappings, FieldPath path, Problems problems) {
    if (mappings == null) {
      return;
    }
    for (int i = 0; i < mappings.size(); i++) {
      BlockDeviceMapping mapping = mappings.get(i);
      FieldPath at = path.index(i);
      if (mapping == null) {
        problems.add(at, "must not be null");
        continue;
      }
      if (mapping.deviceName() == null || mapping.deviceName().isBlank()) {
        problems.add(at.child("deviceName"), "required field is missing");
      }
      BlockDevice ebs = mapping.ebs();
      if (ebs == null) {
        problems.add(at.child("ebs"), "required field is missing");
        continue;
      }
      FieldPath ebsPath = at.child("ebs");
      if (ebs.volumeSize() == null) {
        if (ebs.snapshotID() == null || ebs.snapshotID().isBlank()) {
          problems.add(ebsPath.child("volumeSize"), "required unless ebs.snapshotID is set");
        }
      } else {
        BigDecimal size = Quantities.parse(ebs.volumeSize());
        if (size == null) {
          problems.add(
              ebsPath.child("volumeSize"), "\"" + ebs.volumeSize() + "\" is not a valid quantity");
        } else if (size.compareTo(MIN_VOLUME) < 0 || size.compareTo(MAX_VOLUME) > 0) {
          problems.add(
              ebsPath.child("volumeSize"), "must be between 1Gi and 64Ti, not " + ebs.volumeSize());
        }
      }
      if (ebs.volumeType() != null && !VOLUME_TYPES.contains(ebs.volumeType())) {
        problems.add(
            ebsPath.child("volumeType"),
            "unsupported volume type \""
                + ebs.volumeType()
                + "\"; use one of "
                + String.join(", ", VOLUME_TYPES.stream().sorted().toList()));
      }
      if (ebs.iops() != null && ebs.iops() < 0) {
        problems.add(ebsPath.child("iops"), "must be non-negative");
      }
      if (ebs.throughput() != null && ebs.throughput() < 0) {
        problems.add(ebsPath.child("throughput"), "must be non-negative");
      }
    }
  }

  private static void metadataOptions(MetadataOptions options, FieldPath path, Problems problems) {
    if (options == null) {
      return;
    }
    oneOf(
        options.httpEndpoint(),
        path.child("httpEndpoint"),
        List.of("enabled", "disabled"),
        problems);
    oneOf(
        options.httpProtocolIPv6(),
        path.child("httpProtocolIPv6"),
        List.of("enabled", "disabled"),
        problems);
    oneOf(
        options.httpTokens(), path.child("httpTokens"), List.of("required", "optional"), problems);
    Long hops = options.httpPutResponseHopLimit();
    if (hops != null && (hops < 1 || hops > 64)) {
      problems.add(path.child("httpPutResponseHopLimit"), "must be between 1 and 64, not " + hops);
    }
  }

  private static void oneOf(String value, FieldPath path, List<String> allowed, Problems problems) {
    if (value != null && !allowed.contains(value)) {
      problems.add(path, "must be " + String.join(" or ", allowed) + ", not \"" + value + "\"");
    }
  }
}
