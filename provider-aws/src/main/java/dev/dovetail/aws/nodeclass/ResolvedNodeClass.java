package dev.dovetail.aws.nodeclass;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A node class with its selectors resolved: the subnets, security groups and AMIs it stands for
 * now.
 */
public record ResolvedNodeClass(
    NodeClassSpec spec, List<Subnet> subnets, List<SecurityGroup> securityGroups, List<Ami> amis) {

  public ResolvedNodeClass {
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
    amis = List.copyOf(amis);
  }

  /** The zones of the selected subnets. */
  public Set<String> zones() {
    Set<String> zones = new TreeSet<>();
    subnets.forEach(s -> zones.add(s.zone()));
    return zones;
  }

  /** A subnet. */
  public record Subnet(String id, String zone, int freeIps, boolean mapPublicIpOnLaunch) {}

  /** A security group. */
  public record SecurityGroup(String id, String name) {}

  /**
   * An AMI and which instance types it suits.
   *
   * @param architecture {@code x86_64} or {@code arm64}
   * @param accelerated true: only GPU/accelerator types; false: only types without; null: any
   */
  public record Ami(
      String id, String name, Instant created, String architecture, Boolean accelerated) {
    /** Whether the AMI can boot the given architecture and accelerator presence. */
    public boolean suits(String typeArchitecture, boolean typeAccelerated) {
      return architecture.equals(typeArchitecture)
          && (accelerated == null || accelerated == typeAccelerated);
    }
  }
}
