package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dovetail.aws.AwsOperator;
import dev.dovetail.aws.Main;
import dev.dovetail.aws.cloudprovider.AwsProviders;
import dev.dovetail.aws.settings.AwsSettings;
import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.operator.OperatorOptions;
import dev.dovetail.sim.demo.Demo;
import dev.dovetail.sim.demo.SimulatedInstances;
import dev.dovetail.sim.kube.real.AuditEvent;
import dev.dovetail.sim.kube.real.RealKubeApiServer;
import dev.dovetail.sim.kubelet.SimulatedKubelet;
import dev.dovetail.sim.scheduler.SimulatedScheduler;
import dev.dovetail.sim.testing.RealKubeApi;
import dev.dovetail.sim.testing.TestCluster;
import dev.dovetail.sim.testing.TestManifests;
import dev.dovetail.sim.workload.DisruptionController;
import dev.dovetail.testing.fake.ManualScheduler;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * The production controllers ({@link AwsOperator} on the simulated AWS backend) run as the chart's
 * service account with exactly the chart's ClusterRole and Role, configured from the chart's
 * Deployment environment, while pods are provisioned and a node is deleted. The API server's audit
 * log then shows every request the controller made: any refused request fails the test (a missing
 * permission), and every granted permission that was never used is reported.
 */
@RealKubeApi
@Timeout(300)
class ChartRbacOnRealKubeApiTest {
  private static final String NAMESPACE = HelmChart.NAMESPACE;

  @Test
  void theControllerNeedsNoMoreThanTheChartGrants(TestCluster cluster, TestReporter reporter)
      throws Exception {
    HelmChart.Rendered rendered =
        HelmChart.load().template(Map.of("settings.aws.clusterName", Demo.CLUSTER));
    KubernetesClient admin = cluster.client();
    if (admin.namespaces().withName(NAMESPACE).get() == null) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    }
    List<HasMetadata> rbac =
        List.of(
            rendered.one(ServiceAccount.class),
            rendered.one(ClusterRole.class),
            rendered.one(ClusterRoleBinding.class),
            rendered.one(Role.class),
            rendered.one(RoleBinding.class));
    for (HasMetadata object : rbac) {
      admin.resource(object).inNamespace(NAMESPACE).forceConflicts().serverSideApply();
    }
    String account = rendered.one(ServiceAccount.class).getMetadata().getName();
    KubernetesClient controller = cluster.serviceAccountClient(NAMESPACE, account);

    ManualScheduler tasks = new ManualScheduler(cluster.clock());
    SimulatedAws aws = SimulatedAws.builtIn("us-west-2", cluster.clock());
    aws.seedDefaultNetwork(Demo.CLUSTER, 4096, "1.28");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AwsProviders providers =
        AwsProviders.simulated(
            aws, AwsSettings.defaults(Demo.CLUSTER), "1.28", Main.nodeClasses(controller));
    SimulatedKubelet kubelet =
        new SimulatedKubelet(
            admin,
            new SimulatedInstances(aws, admin),
            cluster.clock(),
            new SimulatedKubelet.Delays(Duration.ofSeconds(5), Duration.ofSeconds(2)),
            Duration.ofSeconds(1));
    SimulatedScheduler kubeScheduler =
        new SimulatedScheduler(admin, cluster.clock(), Duration.ofSeconds(1));
    DisruptionController disruption = new DisruptionController(admin, Duration.ofSeconds(1));
    applyWorkload(admin);

    try (AwsOperator operator =
        new AwsOperator(
            optionsFrom(rendered.one(Deployment.class)),
            controller,
            providers,
            registry,
            () -> "",
            "rbac-test",
            cluster.clock(),
            tasks,
            () -> {})) {
      operator.start().get(60, TimeUnit.SECONDS);
      BooleanSupplier allBound =
          () ->
              admin.pods().inNamespace("default").list().getItems().stream()
                  .allMatch(p -> p.getSpec().getNodeName() != null);
      runUntil(tasks, kubelet, kubeScheduler, disruption, allBound);

      String victim = admin.nodes().list().getItems().get(0).getMetadata().getName();
      admin.nodes().withName(victim).delete();
      runUntil(
          tasks,
          kubelet,
          kubeScheduler,
          disruption,
          () -> admin.nodes().withName(victim).get() == null);
    }

    String user = "system:serviceaccount:" + NAMESPACE + ":" + account;
    List<AuditEvent> requests =
        ((RealKubeApiServer) cluster.server())
            .serviceAccountRequests().stream().filter(e -> e.user().equals(user)).toList();
    assertThat(requests).as("requests by the controller's service account").isNotEmpty();
    assertThat(
            requests.stream()
                .filter(AuditEvent::forbidden)
                .map(ChartRbacOnRealKubeApiTest::describe))
        .as("requests the chart's RBAC refused")
        .isEmpty();

    Set<String> used = new TreeSet<>();
    requests.forEach(e -> used.add(permission(e.apiGroup(), e.rbacResource(), e.verb())));
    Set<String> unused = new TreeSet<>(granted(rendered));
    unused.removeAll(used);
    String report =
        "permissions used: "
            + used
            + "\npermissions granted by the chart but not used in this run: "
            + unused;
    System.out.println(report);
    reporter.publishEntry("rbac", report);
  }

  /** Runs the controllers, the kubelet and kube-scheduler a fake second at a time. */
  private static void runUntil(
      ManualScheduler tasks,
      SimulatedKubelet kubelet,
      SimulatedScheduler kubeScheduler,
      DisruptionController disruption,
      BooleanSupplier done) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              tasks.advance(Duration.ofSeconds(1));
              kubelet.sync();
              kubeScheduler.schedulePending();
              disruption.sync();
              return done.getAsBoolean();
            });
  }

  private static void applyWorkload(KubernetesClient admin) {
    admin.resource(TestManifests.awsNodeTemplate()).create();
    admin.resource(TestManifests.provisioner("default", "spot", "1000", "")).create();
    admin
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(1))
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .endSpec()
                .build())
        .create();
    for (int i = 0; i < 3; i++) {
      admin.resource(TestManifests.pendingPod("web-" + i, "web", "1")).create();
    }
  }

  /**
   * The options the chart's Deployment passes in its environment; fields the pod would get from its
   * own metadata are this namespace. The metrics and health ports are turned off (0) here.
   */
  private static OperatorOptions optionsFrom(Deployment deployment) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else if (var.getValueFrom() != null
          && var.getValueFrom().getFieldRef() != null
          && "metadata.namespace".equals(var.getValueFrom().getFieldRef().getFieldPath())) {
        env.put(var.getName(), NAMESPACE);
      }
    }
    OperatorOptions o = OperatorOptions.parse(env);
    return new OperatorOptions(
        o.batchIdleDuration(),
        o.batchMaxDuration(),
        0,
        0,
        o.logLevel(),
        o.logFormat(),
        o.leaderElect(),
        o.leaderElectionNamespace(),
        o.leaderElectionName(),
        o.clusterName(),
        o.kubeClientQps(),
        o.kubeClientBurst());
  }

  /** Every (group, resource, verb) the ClusterRole and the Role grant. */
  private static Set<String> granted(HelmChart.Rendered rendered) {
    Set<String> granted = new LinkedHashSet<>();
    List<PolicyRule> rules = new java.util.ArrayList<>(rendered.one(ClusterRole.class).getRules());
    rules.addAll(rendered.one(Role.class).getRules());
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(permission(group, resource, verb));
          }
        }
      }
    }
    return granted;
  }

  private static String permission(String group, String resource, String verb) {
    return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
  }

  private static String describe(AuditEvent e) {
    return e.verb()
        + " "
        + permission(e.apiGroup(), e.rbacResource(), e.verb())
        + " "
        + e.namespace()
        + "/"
        + e.name();
  }
}
