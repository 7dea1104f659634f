package dev.dovetail.aws.api.v1alpha1;

import dev.dovetail.scheduling.WellKnownLabels;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The AWS well-known labels a requirement or a pod selector may name: every {@code
 * karpenter.k8s.aws/*} key of the engine's {@link WellKnownLabels} plus the Windows build label.
 */
public final class AwsLabels {
  public static final String PREFIX = "karpenter.k8s.aws/";

  public static final String INSTANCE_CATEGORY = PREFIX + "instance-category";
  public static final String INSTANCE_FAMILY = PREFIX + "instance-family";
  public static final String INSTANCE_GENERATION = PREFIX + "instance-generation";
  public static final String INSTANCE_SIZE = PREFIX + "instance-size";

  /** Every AWS label a requirement or a pod selector may name. */
  public static final Set<String> ALL =
      WellKnownLabels.WELL_KNOWN.stream()
          .filter(key -> key.startsWith(PREFIX) || key.equals(WellKnownLabels.WINDOWS_BUILD))
          .collect(Collectors.toUnmodifiableSet());

  private AwsLabels() {}
}
