package dev.dovetail.aws.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.List;

/** What the node-template controller resolved from the selectors. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AWSNodeTemplateStatus(
    List<Subnet> subnets, List<SecurityGroup> securityGroups, List<Ami> amis) {

  /** A subnet matched by subnetSelector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Subnet(String id, String zone) {}

  /** A security group matched by securityGroupSelector. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SecurityGroup(String id, String name) {}

  /** An AMI matched by amiSelector (or the family's default) and the nodes it suits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ami(String id, String name, List<NodeSelectorRequirement> requirements) {}
}
