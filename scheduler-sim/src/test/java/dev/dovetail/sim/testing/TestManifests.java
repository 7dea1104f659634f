package dev.dovetail.sim.testing;

import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The objects the end-to-end suites start from, as a user would write them. */
public final class TestManifests {
  private TestManifests() {}

  /** AWSNodeTemplate {@code default}, discovering the simulated backend's default network. */
  public static AWSNodeTemplate awsNodeTemplate() {
    return Serialization.unmarshal(
        """
        apiVersion: karpenter.k8s.aws/v1alpha1
        kind: AWSNodeTemplate
        metadata: {name: default}
        spec:
          subnetSelector: {karpenter.sh/discovery: my-cluster}
          securityGroupSelector: {karpenter.sh/discovery: my-cluster}
        """,
        AWSNodeTemplate.class);
  }

  /**
   * A Provisioner using {@link #awsNodeTemplate()} with a capacity-type requirement, a CPU limit
   * and, when not empty, a weight.
   */
  public static Provisioner provisioner(
      String name, String capacityTypes, String cpuLimit, String weight) {
    return Serialization.unmarshal(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: %s}
        spec:
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [%s]}
          limits: {resources: {cpu: "%s"}}
          providerRef: {name: default}
          %s
        """
            .formatted(name, capacityTypes, cpuLimit, weight.isEmpty() ? "" : "weight: " + weight),
        Provisioner.class);
  }

  /**
   * Deployment {@code name} in {@code default}: {@code replicas} pause pods labelled {@code
   * app=name}, each requesting {@code cpu}.
   */
  public static Deployment deployment(String name, int replicas, String cpu) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A pending pod {@code name} in {@code default} with label {@code app} and a CPU request. */
  public static Pod pendingPod(String name, String app, String cpu) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .addToLabels("app", app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(app)
        .withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }
}
