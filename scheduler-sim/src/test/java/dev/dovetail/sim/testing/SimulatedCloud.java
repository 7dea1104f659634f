package dev.dovetail.sim.testing;

import dev.dovetail.aws.Main;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.demo.SimulatedInstances;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The simulated AWS side of an end-to-end test: the backend seeded with the demo cluster's network,
 * the AWS providers on it, and a kubelet that boots its instances as Nodes.
 */
public record SimulatedCloud(SimulatedAws aws, AwsProviders providers) {
  public static final String KUBERNETES_VERSION = "1.28";

  /** The us-west-2 backend with the demo cluster's subnets, security groups and AMIs. */
  public static SimulatedCloud start(KubernetesClient client, Clock clock) {
    SimulatedAws aws = SimulatedAws.builtIn("us-west-2", clock);
    aws.seedDefaultNetwork(Demo.CLUSTER, 4096, KUBERNETES_VERSION);
    return new SimulatedCloud(
        aws,
        AwsProviders.simulated(
            aws, AwsSettings.defaults(Demo.CLUSTER), KUBERNETES_VERSION, Main.nodeClasses(client)));
  }

  /** The cloud provider the controllers use. */
  public dev.dovetail.cloudprovider.CloudProvider cloudProvider() {
    return providers.cloudProvider();
  }

  /**
   * A kubelet that registers an instance's Node after {@code boot} and reports Ready after that.
   */
  public SimulatedKubelet kubelet(KubernetesClient client, Clock clock, Duration boot) {
    return kubelet(client, clock, new SimulatedKubelet.Delays(boot, Duration.ofSeconds(1)));
  }

  /** A kubelet with the given boot and ready delays, syncing every second. */
  public SimulatedKubelet kubelet(
      KubernetesClient client, Clock clock, SimulatedKubelet.Delays delays) {
    return new SimulatedKubelet(
        client, new SimulatedInstances(aws, client), clock, delays, Duration.ofSeconds(1));
  }

  /** Another set of AWS providers on the same backend, as a second replica of the daemon has. */
  public AwsProviders providersFor(KubernetesClient client) {
    return AwsProviders.simulated(
        aws, AwsSettings.defaults(Demo.CLUSTER), KUBERNETES_VERSION, Main.nodeClasses(client));
  }
}
