package dev.dovetail.aws.controllers.nodetemplate;

import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateStatus;
import dev.dovetail.aws.cloudprovider.AwsCloudProvider;
import dev.dovetail.aws.nodeclass.AWSNodeTemplateAdapter;
import dev.dovetail.aws.nodeclass.NodeClassResolver;
import dev.dovetail.aws.nodeclass.NodeClassSpec;
import dev.dovetail.aws.nodeclass.ResolvedNodeClass;
import dev.dovetail.cloudprovider.NodeClassNotReadyException;
import dev.dovetail.runtime.Reconciler;
import dev.dovetail.runtime.Result;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an AWSNodeTemplate's resolved subnets (most free IPs first), security groups and AMIs to
 * its status, and its spec hash to the {@code karpenter.k8s.aws/nodetemplate-hash} annotation used
 * for drift, every {@link #RESYNC}.
 */
public final class NodeTemplateStatusController implements Reconciler<String> {
  /** How often a template is resolved again. */
  public static final Duration RESYNC = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(NodeTemplateStatusController.class);

  private final KubernetesClient client;
  private final NodeClassResolver resolver;

  public NodeTemplateStatusController(KubernetesClient client, NodeClassResolver resolver) {
    this.client = client;
    this.resolver = resolver;
  }

  @Override
  public Result reconcile(String name) {
    AWSNodeTemplate template = client.resources(AWSNodeTemplate.class).withName(name).get();
    if (template == null) {
      return Result.done();
    }
    NodeClassSpec spec = AWSNodeTemplateAdapter.toNodeClassSpec(template);
    String hash = spec.hash();
    Map<String, String> annotations =
        template.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(template.getMetadata().getAnnotations());
    if (!hash.equals(annotations.get(AwsCloudProvider.NODE_TEMPLATE_HASH))) {
      annotations.put(AwsCloudProvider.NODE_TEMPLATE_HASH, hash);
      template =
          client
              .resources(AWSNodeTemplate.class)
              .withName(name)
              .edit(
                  t -> {
                    t.getMetadata().setAnnotations(annotations);
                    return t;
                  });
    }
    AWSNodeTemplateStatus status;
    try {
      ResolvedNodeClass resolved = resolver.resolve(spec);
      status =
          new AWSNodeTemplateStatus(
              resolved.subnets().stream()
                  .sorted(Comparator.comparingInt(ResolvedNodeClass.Subnet::freeIps).reversed())
                  .map(s -> new AWSNodeTemplateStatus.Subnet(s.id(), s.zone()))
                  .toList(),
              resolved.securityGroups().stream()
                  .map(g -> new AWSNodeTemplateStatus.SecurityGroup(g.id(), g.name()))
                  .toList(),
              resolved.amis().stream()
                  .map(a -> new AWSNodeTemplateStatus.Ami(a.id(), a.name(), requirements(a)))
                  .toList());
    } catch (NodeClassNotReadyException e) {
      LOG.atError()
          .addKeyValue("awsnodetemplate", name)
          .addKeyValue("error", e.getMessage())
          .log("resolving AWSNodeTemplate");
      return Result.requeueAfter(RESYNC);
    }
    // Writing an unchanged status would wake the informer and this controller again.
    if (!status.equals(template.getStatus())) {
      template.setStatus(status);
      client.resource(template).updateStatus();
    }
    return Result.requeueAfter(RESYNC);
  }

  private static List<NodeSelectorRequirement> requirements(ResolvedNodeClass.Ami ami) {
    NodeSelectorRequirement arch =
        new NodeSelectorRequirement(
            "kubernetes.io/arch",
            "In",
            List.of(ami.architecture().equals("arm64") ? "arm64" : "amd64"));
    if (ami.accelerated() == null) {
      return List.of(arch);
    }
    return List.of(
        arch,
        new NodeSelectorRequirement(
            "karpenter.k8s.aws/instance-gpu-count",
            ami.accelerated() ? "Exists" : "DoesNotExist",
            null));
  }
}
