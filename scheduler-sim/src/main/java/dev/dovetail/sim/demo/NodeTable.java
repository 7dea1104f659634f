package dev.dovetail.sim.demo;

import dev.dovetail.aws.api.v1alpha1.AwsLabels;
import dev.dovetail.aws.pricing.PricingProvider;
import dev.dovetail.scheduling.WellKnownLabels;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's node table: what {@code kubectl get nodes -L karpenter.sh/capacity-type -L
 * karpenter.k8s.aws/instance-family -L karpenter.k8s.aws/instance-size} shows, plus zone, pods and
 * the price per hour of each node and in total.
 */
final class NodeTable {
  private final KubernetesClient client;
  private final PricingProvider pricing;

  NodeTable(KubernetesClient client, PricingProvider pricing) {
    this.client = client;
    this.pricing = pricing;
  }

  String render() {
    List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
    nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "NAME",
          "STATUS",
          "CAPACITY-TYPE",
          "INSTANCE-FAMILY",
          "INSTANCE-SIZE",
          "ZONE",
          "PODS",
          "$/H"
        });
    double total = 0;
    for (Node node : nodes) {
      Map<String, String> labels =
          node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
      String type = labels.getOrDefault(WellKnownLabels.INSTANCE_TYPE, "");
      String zone = labels.getOrDefault(WellKnownLabels.ZONE, "");
      String capacityType = labels.getOrDefault(WellKnownLabels.CAPACITY_TYPE, "");
      Optional<Double> price =
          "spot".equals(capacityType) ? pricing.spot(type, zone) : pricing.onDemand(type);
      total += price.orElse(0.0);
      long pods =
          client.pods().inAnyNamespace().list().getItems().stream()
              .filter(p -> node.getMetadata().getName().equals(p.getSpec().getNodeName()))
              .count();
      rows.add(
          new String[] {
            node.getMetadata().getName(),
            status(node),
            capacityType,
            labels.getOrDefault(AwsLabels.INSTANCE_FAMILY, ""),
            labels.getOrDefault(AwsLabels.INSTANCE_SIZE, ""),
            zone,
            Long.toString(pods),
            price.map(p -> String.format(Locale.ROOT, "%.4f", p)).orElse("-")
          });
    }
    StringBuilder out = new StringBuilder();
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 3) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    out.append(String.format(Locale.ROOT, "%d node(s), %.4f $/h in total%n", nodes.size(), total));
    return out.toString();
  }

  private static String status(Node node) {
    String ready = "NotReady";
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        if ("Ready".equals(c.getType()) && "True".equals(c.getStatus())) {
          ready = "Ready";
        }
      }
    }
    if (node.getMetadata().getDeletionTimestamp() != null) {
      ready += ",SchedulingDisabled";
    } else if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      ready += ",SchedulingDisabled";
    }
    return ready;
  }
}
