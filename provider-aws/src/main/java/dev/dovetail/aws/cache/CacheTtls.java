package dev.dovetail.aws.cache;

import java.time.Duration;

/**
 * How long the AWS provider trusts what it read from AWS, in one place (the values upstream uses).
 * Each provider's cache takes its TTL from here.
 */
public final class CacheTtls {
  /** Instance types and offerings (DescribeInstanceTypes, DescribeInstanceTypeOfferings). */
  public static final Duration INSTANCE_TYPES = Duration.ofMinutes(5);

  /** An offering stays unavailable this long after an insufficient-capacity error. */
  public static final Duration UNAVAILABLE_OFFERINGS = Duration.ofMinutes(3);

  /** Subnets, security groups and AMIs a node template resolves to. */
  public static final Duration NODE_CLASSES = Duration.ofMinutes(1);

  /** Launch templates found or created for a launch. */
  public static final Duration LAUNCH_TEMPLATES = Duration.ofMinutes(1);

  /** On-demand and spot price lists. */
  public static final Duration PRICES = Duration.ofHours(12);

  private CacheTtls() {}
}
