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

  /**
   * {@code kubectl get nodes,pods -A -o yaml} output: one List with a ready m5.xlarge of pool
   * default in us-east-1a and the pods bound to it, each asking {@code cpu} of it.
   */
  private static String clusterList(String boundCpu, String boundPodExtra) {
    return """
        apiVersion: v1
        kind: List
        metadata: {resourceVersion: ""}
        items:
          - apiVersion: v1
            kind: Node
            metadata:
              name: ip-10-0-1-1.ec2.internal
              labels:
                karpenter.sh/provisioner-name: default
                karpenter.sh/capacity-type: on-demand
                node.kubernetes.io/instance-type: m5.xlarge
                topology.kubernetes.io/zone: us-east-1a
                kubernetes.io/arch: amd64
                kubernetes.io/os: linux
                kubernetes.io/hostname: ip-10-0-1-1.ec2.internal
            spec:
              providerID: aws:///us-east-1a/i-0123456789abcdef0
            status:
              capacity: {cpu: "4", memory: 16085508Ki, pods: "58"}
              allocatable: {cpu: 3920m, memory: 15069700Ki, pods: "58"}
              conditions:
                - {type: Ready, status: "True"}
          - apiVersion: v1
            kind: Pod
            metadata:
              name: db-0
              namespace: data
              labels: {app: db}
            spec:
              nodeName: ip-10-0-1-1.ec2.internal
        %s
              containers:
                - name: db
                  image: postgres
                  resources: {requests: {cpu: %s, memory: 1Gi}}
            status: {phase: Running}
          - apiVersion: v1
            kind: Pod
            metadata:
              name: finished
              namespace: data
            spec:
              nodeName: ip-10-0-1-1.ec2.internal
              containers:
                - name: job
                  image: busybox
                  resources: {requests: {cpu: "3"}}
            status: {phase: Succeeded}
        """
        .formatted(boundPodExtra, boundCpu);
  }

  /** Two web replicas of 500m, to plan on the cluster above. */
  private static final String WEB =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: team
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: web
                image: nginx
                resources: {requests: {cpu: 500m, memory: 512Mi}}
      """;

  @Test
  void pendingPodsGoOnAnExistingNodeWithRoomAndNothingIsLaunched() throws Exception {
    Files.writeString(dir.resolve("provisioner.yaml"), PROVISIONER);
    Files.writeString(dir.resolve("cluster.yaml"), clusterList("1", ""));
    Files.writeString(dir.resolve("web.yaml"), WEB);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("pods").asInt()).isEqualTo(2);
    assertThat(plan.get("nodes")).isEmpty();
    assertThat(plan.get("costPerHour").asDouble()).isZero();
    assertThat(plan.get("existingNodes").get(0).get("node").asText())
        .isEqualTo("ip-10-0-1-1.ec2.internal");
    assertThat(plan.get("existingNodes").get(0).get("pods"))
        .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
        .containsExactly("team/web-00000", "team/web-00001");

    CliRun table = CliRun.run("plan", "-f", dir.toString());
    assertThat(table.out())
        .contains("2 pod(s), 2 placed, 2 on 1 existing node(s) and 0 on 0 new node(s)")
        .contains("existing node ip-10-0-1-1.ec2.internal: team/web-00000, team/web-00001");
  }

  @Test
  void aFullNodeMeansALaunch() throws Exception {
    // 3500m of 3920m bound: one 500m replica does not fit (the finished pod takes nothing).
    Files.writeString(
        dir.resolve("all.yaml"), PROVISIONER + clusterList("3500m", "") + "---\n" + WEB);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("existingNodes")).isEmpty();
    assertThat(plan.get("nodes")).hasSize(1);
    assertThat(plan.get("nodes").get(0).get("pods")).hasSize(2);
  }

  @Test
  void aBoundPodsAntiAffinityKeepsNewPodsOutOfItsZone() throws Exception {
    String antiAffinity =
        """
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    - topologyKey: topology.kubernetes.io/zone
                      labelSelector: {matchLabels: {app: web}}
                      namespaces: [team]
        """;
    Files.writeString(
        dir.resolve("all.yaml"), PROVISIONER + clusterList("1", antiAffinity) + "---\n" + WEB);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    // The node has room, but the db pod on it keeps web pods out of us-east-1a: a new node
    // launches in another zone.
    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("existingNodes")).isEmpty();
    assertThat(plan.get("nodes")).hasSize(1);
    assertThat(plan.get("nodes").get(0).get("zones"))
        .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
        .isNotEmpty()
        .doesNotContain("us-east-1a");
  }

  @Test
  void theCapacityOfAPoolsNodesCountsAgainstItsLimits() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER.replace("spec:\n", "spec:\n  limits: {resources: {cpu: \"6\"}}\n")
            + clusterList("3500m", "")
            + "---\n"
            + WEB);

    CliRun run = CliRun.run("plan", "-f", dir.toString(), "-o", "json");

    // The 4-cpu node leaves 2 of the 6 cpu: the new node must have at most 2.
    var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertThat(plan.get("nodes")).as(run.out()).hasSize(1);
    assertThat(plan.get("nodes").get(0).get("candidates"))
        .extracting(c -> c.get("instanceType").asText())
        .isNotEmpty()
        .allMatch(
            t ->
                t.endsWith(".large")
                    || t.endsWith(".medium")
                    || t.endsWith(".small")
                    || t.endsWith(".micro")
                    || t.endsWith(".nano"),
            "at most 2 vCPU");
  }

  @Test
  void aBoundPodWhoseNodeIsMissingIsIgnoredWithAWarning() throws Exception {
    Files.writeString(
        dir.resolve("all.yaml"),
        PROVISIONER
            + """
        apiVersion: v1
        kind: Pod
        metadata: {name: elsewhere, namespace: team}
        spec:
          nodeName: gone
          containers: [{name: a, image: nginx}]
        """);

    CliRun run = CliRun.run("plan", "-f", dir.toString());

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    assertThat(run.out())
        .contains("0 pod(s)")
        .contains(
            "warning: 1 pod(s) bound to a node that is not among the manifests were ignored:"
                + " team/elsewhere (node gone)");
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

  /** A two-type catalog: c5.large (linux, cheaper) and m5.large (linux and windows). */
  private String[] smallCatalog(String offerings) throws Exception {
    Files.writeString(
        dir.resolve("types.csv"),
        "name,vcpu,memory_mib,arch,os\n"
            + "c5.large,2,4096,x86_64,linux\n"
            + "m5.large,2,8192,x86_64,linux|windows\n");
    Files.writeString(
        dir.resolve("prices-ondemand.csv"),
        "region,instance_type,usd_per_hour\nus-east-1,c5.large,0.085\nus-east-1,m5.large,0.096\n");
    Files.writeString(dir.resolve("offerings.csv"), offerings);
    Path manifests = Files.createDirectories(dir.resolve("manifests"));
    return new String[] {
      "plan",
      "-f",
      manifests.toString(),
      "--catalog",
      dir.resolve("types.csv").toString(),
      "--prices",
      dir.resolve("prices-ondemand.csv").toString(),
      "--offerings",
      dir.resolve("offerings.csv").toString(),
      "-o",
      "json"
    };
  }

  private static String pod(String name, String nodeSelector) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: team}
        spec:
          nodeSelector: {%s}
          containers: [{name: a, image: nginx, resources: {requests: {cpu: 500m}}}]
        ---
        """
        .formatted(name, nodeSelector);
  }

  @Test
  void windowsPodsGetOnlyTypesWhoseOsColumnSaysWindows() throws Exception {
    String[] args =
        smallCatalog(
            "region,zone,instance_type\nus-east-1,us-east-1a,c5.large\nus-east-1,us-east-1a,m5.large\n");
    Files.writeString(
        dir.resolve("manifests/all.yaml"),
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: windows}
        spec:
          providerRef: {name: default}
          requirements:
            - {key: kubernetes.io/os, operator: In, values: [windows]}
        ---
        """
            + pod("win", "kubernetes.io/os: windows"));

    CliRun run = CliRun.run(args);

    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    var node =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()).get("nodes").get(0);
    assertThat(node.get("instanceType").asText()).isEqualTo("m5.large");
    assertThat(node.get("candidates")).hasSize(1);
    assertThat(node.get("requirements").toString()).contains("kubernetes.io/os In [windows]");
  }

  @Test
  void spotIsNotPlannedInAZoneThatOffersATypeOnDemandOnly() throws Exception {
    String[] args =
        smallCatalog(
            "region,zone,instance_type,capacity_type\n"
                + "us-east-1,us-east-1a,c5.large,on-demand\n"
                + "us-east-1,us-east-1b,c5.large,\n"
                + "us-east-1,us-east-1a,m5.large,\n"
                + "us-east-1,us-east-1b,m5.large,\n");
    Files.writeString(
        dir.resolve("manifests/all.yaml"),
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: spot}
        spec:
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
        ---
        """
            + pod("in-a", "topology.kubernetes.io/zone: us-east-1a")
            + pod("in-b", "topology.kubernetes.io/zone: us-east-1b"));

    CliRun run = CliRun.run(args);

    // c5.large is cheaper, but in us-east-1a only m5.large is offered as spot.
    assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
    var nodes = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out()).get("nodes");
    assertThat(nodes).hasSize(2);
    for (var node : nodes) {
      String pod = node.get("pods").get(0).asText();
      assertThat(node.get("instanceType").asText())
          .as(pod)
          .isEqualTo(pod.equals("team/in-a") ? "m5.large" : "c5.large");
      assertThat(node.get("capacityType").asText()).isEqualTo("spot");
    }
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
