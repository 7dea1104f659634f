package dev.dovetail.aws.controllers.nodetemplate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplateSpec;
import dev.dovetail.aws.cloudprovider.AwsCloudProvider;
import dev.dovetail.aws.nodeclass.NodeClassResolver;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.runtime.Result;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.kube.CrudMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeTemplateStatusControllerTest {
  private final CrudMockServer kube = new CrudMockServer();
  private final FakeClock clock = new FakeClock();
  private final SimulatedAws aws = SimulatedAws.builtIn("us-east-1", clock);
  private final NodeTemplateStatusController controller =
      new NodeTemplateStatusController(
          kube.client(), new NodeClassResolver(aws.ec2(), aws.ssm(), () -> "1.29", clock));

  @AfterEach
  void close() {
    kube.close();
  }

  @Test
  void writesResolvedSubnetsGroupsAmisAndTheSpecHash() throws Exception {
    aws.seedDefaultNetwork("c", 100, "1.29");
    var roomy = aws.addSubnet("us-east-1a", 9000, Map.of("karpenter.sh/discovery", "c"));
    AWSNodeTemplate t =
        kube.client()
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: karpenter.k8s.aws/v1alpha1
                kind: AWSNodeTemplate
                metadata: {name: default}
                spec:
                  subnetSelector: {karpenter.sh/discovery: c}
                  securityGroupSelector: {karpenter.sh/discovery: c}
                """,
                AWSNodeTemplate.class);
    kube.client().resource(t).create();

    Result result = controller.reconcile("default");

    assertThat(result).isEqualTo(Result.requeueAfter(NodeTemplateStatusController.RESYNC));
    AWSNodeTemplate stored =
        kube.client().resources(AWSNodeTemplate.class).withName("default").get();
    assertThat(stored.getMetadata().getAnnotations())
        .containsKey(AwsCloudProvider.NODE_TEMPLATE_HASH);
    assertThat(stored.getStatus().subnets()).hasSize(6);
    assertThat(stored.getStatus().subnets().get(0).id()).isEqualTo(roomy.id());
    assertThat(stored.getStatus().securityGroups())
        .extracting(g -> g.name())
        .containsExactly("nodes");
    assertThat(stored.getStatus().amis()).hasSize(3);
    assertThat(AWSNodeTemplateSpec.class).isNotNull();
  }

  @Test
  void aMissingTemplateIsDone() {
    assertThat(controller.reconcile("nope")).isEqualTo(Result.done());
  }
}
