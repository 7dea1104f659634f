package dev.dovetail.sim.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The actions of the shipped controller IAM policy, and the simulated backend's operation names.
 */
final class IamPolicyActions {
  /**
   * Actions in the policy that an end-to-end run on the simulated backend does not record as calls,
   * with the reason each is still needed.
   */
  static final Map<String, String> NOT_RECORDED_HERE =
      Map.ofEntries(
          Map.entry("ec2:RunInstances", "CreateFleet launches through it: EC2 checks it"),
          Map.entry("ec2:CreateTags", "tags in CreateFleet's TagSpecifications are checked by it"),
          Map.entry("iam:PassRole", "the launch template hands the node role to the instances"),
          Map.entry("eks:DescribeCluster", "at start when settings.aws.clusterEndpoint is empty"),
          Map.entry("ec2:TerminateInstances", "node termination and garbage collection"),
          Map.entry("ec2:DeleteLaunchTemplate", "launch templates dropped from the cache"),
          Map.entry("ec2:DescribeSpotPriceHistory", "the pricing controller's refresh"),
          Map.entry("pricing:GetProducts", "the pricing controller's refresh"),
          Map.entry("sqs:ReceiveMessage", "interruption handling"),
          Map.entry("sqs:DeleteMessage", "interruption handling"),
          Map.entry("sqs:GetQueueUrl", "interruption handling"),
          Map.entry("sqs:GetQueueAttributes", "interruption handling"));

  private IamPolicyActions() {}

  /** {@code GetParameter} → {@code ssm:GetParameter}, {@code CreateFleet} → {@code ec2:...}. */
  static String qualified(String operation) {
    return switch (operation) {
      case "GetParameter" -> "ssm:" + operation;
      case "GetProducts" -> "pricing:" + operation;
      default -> "ec2:" + operation;
    };
  }

  /** Every action the policy in docs/user grants. */
  static Set<String> inShippedPolicy() throws IOException {
    Path file = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docs/user/controller-iam-policy.json"))) {
        file = dir.resolve("docs/user/controller-iam-policy.json");
        break;
      }
    }
    if (file == null) {
      throw new IllegalStateException("docs/user/controller-iam-policy.json not found");
    }
    Set<String> actions = new TreeSet<>();
    for (JsonNode statement : new ObjectMapper().readTree(file.toFile()).get("Statement")) {
      JsonNode action = statement.get("Action");
      if (action.isArray()) {
        action.forEach(a -> actions.add(a.asText()));
      } else {
        actions.add(action.asText());
      }
    }
    return actions;
  }
}
