package dev.dovetail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  @TempDir Path dir;

  /** A Provisioner named default (its AWSNodeTemplate is left out: the catalog's defaults). */
  private static final String PROVISIONER =
      """
      apiVersion: karpenter.sh/v1alpha5
      kind: Provisioner
      metadata:
        name: default
      spec:
        providerRef:
          name: default
      ---
      """;

  @Test
  void plansEachScenarioDirectorySeparately() {
    CliRun run = CliRun.run("plan", "-f", RepositoryFiles.resolve("examples").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("a1-airflow-spot-step1")
        .contains("a1-airflow-spot-step2")
        .contains("a2-inflate-spot")
        .contains("a3-consolidation-on-demand");
  }

  @Test
  void airflowStepOneCostsNoMoreThanTheCheapestFleetAtListPrices() throws Exception {
    CliRun run =
        CliRun.run(
            "plan",
            "-f",
            RepositoryFiles.resolve("examples").resolve("a1-airflow-spot-step1").toString(),
            "-o",
            "json");

    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("unschedulable")).isEmpty();
    assertThat(plan.get("costPerHour").asDouble()).isLessThanOrEqualTo(10 * 0.0376 + 1e-9);
    assertThat(plan.get("costPerHour").asDouble())
        .isLessThan(plan.get("firstFitCostPerHour").asDouble());
  }

  @Test
  void airflowStepTwoIsThreeDoubleXlargeAndOneXlarge() throws Exception {
    CliRun run =
        CliRun.run(
            "plan",
            "-f",
            RepositoryFiles.resolve("examples").resolve("a1-airflow-spot-step2").toString(),
            "-o",
            "json");

    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("costPerHour").asDouble()).isLessThanOrEqualTo(3 * 0.3008 + 0.1504 + 1e-9);
    assertThat(plan.get("nodes")).hasSize(4);
  }

  @Test
  void unschedulablePodsAreExplainedAndExitOne() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER
            + """
        apiVersion: v1
        kind: Pod
        metadata:
          name: huge
          namespace: team
        spec:
          containers:
            - name: app
              image: nginx
              resources:
                requests:
                  cpu: 500M
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("team/huge")
        .contains("no instance type has enough cpu")
        .contains("did you write M (mega) where you meant m (milli)?")
        .contains("AWSNodeTemplate default, which is not among the manifests");
  }

  private static final String LONE_PROVISIONER =
      """
      apiVersion: karpenter.sh/v1alpha5
      kind: Provisioner
      metadata:
        name: default
      spec:
        providerRef:
          name: default
      """;

  @Test
  void aSkippedWorkloadExitsOneAndItsQuantityIsNamed() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        LONE_PROVISIONER
            + """
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: poisoned
              namespace: team
            spec:
              containers:
                - name: app
                  image: nginx
                  resources:
                    requests:
                      cpu: "1e999999999"
            """);

    CliRun run = CliRun.run("plan", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("Pod/poisoned").contains("outside what Kubernetes accepts");
  }

  @Test
  void aProvisionerDefinedTwiceIsAnErrorNamingBothPlaces() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), LONE_PROVISIONER);
    Files.writeString(dir.resolve("b.yaml"), "# the same name again\n" + LONE_PROVISIONER);

    CliRun run = CliRun.run("plan", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "error: Provisioner/default is defined twice: at "
                + dir.resolve("a.yaml")
                + ":1:1 and at "
                + dir.resolve("b.yaml")
                + ":2:1");
  }

  @Test
  void anUnknownRegionIsAnError() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), LONE_PROVISIONER);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "--region", "mars-north-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--region mars-north-1 is unknown to the catalog");
  }

  @Test
  void aDaemonSetsHostPortKeepsAPodWantingItOffNewNodes() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER
            + """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-exporter
          namespace: monitoring
        spec:
          selector:
            matchLabels: {app: node-exporter}
          template:
            metadata:
              labels: {app: node-exporter}
            spec:
              containers:
                - name: exporter
                  image: node-exporter
                  ports: [{containerPort: 9100, hostPort: 9100}]
                  resources: {requests: {cpu: 100m}}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: wants-9100
          namespace: team
        spec:
          containers:
            - name: app
              image: nginx
              ports: [{containerPort: 9100, hostPort: 9100}]
              resources: {requests: {cpu: 100m}}
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("team/wants-9100")
        .contains("host port 9100/TCP is used by a DaemonSet");
  }

  @Test
  void antiAffinityNamespaceSelectorMatchesNamespaceObjectsFromTheManifests() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER
            + """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: other
          labels: {team: x}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          namespace: other
          labels: {app: web}
        spec:
          containers:
            - name: app
              image: nginx
              resources: {requests: {cpu: 200m}}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: apart
          namespace: team
        spec:
          affinity:
            podAntiAffinity:
              requiredDuringSchedulingIgnoredDuringExecution:
                - topologyKey: topology.kubernetes.io/zone
                  labelSelector: {matchLabels: {app: web}}
                  namespaceSelector: {matchLabels: {team: x}}
          containers:
            - name: app
              image: nginx
              resources: {requests: {cpu: 100m}}
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    // Without the namespace selector both pods would share one node. With it, the web pod's
    // node (zone still open) counts in every zone it may take, as upstream, so the other pod
    // waits for the next batch with the reason.
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("nodes")).hasSize(1);
    assertThat(plan.get("unschedulable").get(0).get("pod").asText()).isEqualTo("team/apart");
    assertThat(plan.get("unschedulable").get(0).get("reason").asText())
        .contains("anti-affinity to app=web per topology.kubernetes.io/zone");
  }

  @Test
  void expandsStatefulSetsAndJobs() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER
            + """
        apiVersion: karpenter.k8s.aws/v1alpha1
        kind: AWSNodeTemplate
        metadata:
          name: default
        spec:
          subnetSelector:
            karpenter.sh/discovery: my-cluster
          securityGroupSelector:
            karpenter.sh/discovery: my-cluster
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: data
        spec:
          replicas: 3
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    - topologyKey: kubernetes.io/hostname
                      labelSelector:
                        matchLabels: {app: db}
              containers:
                - name: db
                  image: postgres
                  resources:
                    requests: {cpu: 500m, memory: 1Gi}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: batch
        spec:
          parallelism: 2
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: work
                  image: busybox
                  resources:
                    requests: {cpu: "1"}
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "yaml");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("data/db-0")
        .contains("data/db-2")
        .contains("default/batch-00001")
        .contains("pods: 5");
  }

  @Test
  void daemonSetsAddTheirRequestsToEveryNode() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata:
          name: default
        spec:
          providerRef:
            name: default
          requirements:
            - key: node.kubernetes.io/instance-type
              operator: In
              values: [m5.large, m5.xlarge]
        ---
        apiVersion: karpenter.k8s.aws/v1alpha1
        kind: AWSNodeTemplate
        metadata:
          name: default
        spec:
          subnetSelector: {karpenter.sh/discovery: c}
          securityGroupSelector: {karpenter.sh/discovery: c}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
          namespace: kube-system
        spec:
          selector:
            matchLabels: {app: agent}
          template:
            metadata:
              labels: {app: agent}
            spec:
              containers:
                - name: agent
                  image: agent
                  resources:
                    requests: {cpu: 500m, memory: 256Mi}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
        spec:
          containers:
            - name: app
              image: app
              resources:
                requests: {cpu: 1500m}
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    var node = plan.get("nodes").get(0);
    assertThat(node.get("instanceType").asText()).isEqualTo("m5.xlarge");
    assertThat(node.get("requests").get("cpu").asText()).isEqualTo("2");
  }

  @Test
  void readsTheSharedCsvCatalog() throws Exception {
    Path data = sharedData();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        data != null, "shared/data not found beside the repository; skipping the CSV catalog test");

    CliRun run =
        CliRun.run(
            "plan",
            "-f",
            RepositoryFiles.resolve("examples").resolve("a1-airflow-spot-step2").toString(),
            "--catalog",
            data.resolve("instance-types.csv").toString(),
            "--prices",
            data.resolve("prices-ondemand.csv").toString(),
            "--offerings",
            data.resolve("offerings.csv").toString(),
            "--region",
            "us-east-1",
            "-o",
            "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("catalog").asText()).endsWith("instance-types.csv");
    assertThat(plan.get("costPerHour").asDouble()).isLessThanOrEqualTo(3 * 0.3008 + 0.1504 + 1e-9);
  }

  /** dovetail.shared.data, DOVETAIL_SHARED_DATA, or a shared/data beside a parent directory. */
  private static Path sharedData() {
    String property = System.getProperty("dovetail.shared.data");
    if (property != null) {
      return Path.of(property);
    }
    String env = System.getenv("DOVETAIL_SHARED_DATA");
    if (env != null) {
      return Path.of(env);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data");
      if (Files.isRegularFile(candidate.resolve("instance-types.csv"))) {
        return candidate;
      }
    }
    return null;
  }

  @Test
  void rejectsAnUnknownOutputFormat() {
    CliRun run =
        CliRun.run("plan", "-f", RepositoryFiles.resolve("examples").toString(), "-o", "xml");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--output must be table, json or yaml");
  }

  @Test
  void catalogFilesNeedPrices() {
    CliRun run =
        CliRun.run(
            "plan", "-f", RepositoryFiles.resolve("examples").toString(), "--catalog", "types.csv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--catalog needs at least one --prices file");
  }
}
