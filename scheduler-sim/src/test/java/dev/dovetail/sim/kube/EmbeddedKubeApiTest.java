package dev.dovetail.sim.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKubeApiTest {
  private static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");
  private EmbeddedKubeApi api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedKubeApi.start(Clock.fixed(NOW, ZoneOffset.UTC), 0);
    client = api.newClient();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Nested
  class MergePatch {
    @Test
    void nullDeletesALabelAndListsAreReplaced() {
      client
          .nodes()
          .resource(
              node("n1")
                  .editMetadata()
                  .withLabels(Map.of("a", "1", "b", "2"))
                  .endMetadata()
                  .withNewSpec()
                  .addNewTaint()
                  .withKey("t1")
                  .withEffect("NoSchedule")
                  .endTaint()
                  .addNewTaint()
                  .withKey("t2")
                  .withEffect("NoSchedule")
                  .endTaint()
                  .endSpec()
                  .build())
          .create();

      client
          .nodes()
          .withName("n1")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"a\":null}},"
                  + "\"spec\":{\"taints\":[{\"key\":\"t3\",\"effect\":\"NoExecute\"}]}}");

      Node patched = client.nodes().withName("n1").get();
      assertThat(patched.getMetadata().getLabels()).containsExactly(Map.entry("b", "2"));
      assertThat(patched.getSpec().getTaints()).extracting("key").containsExactly("t3");
    }

    @Test
    void strategicMergePatchIsAppliedAsAMergePatch() {
      client.nodes().resource(node("n1").build()).create();

      client
          .nodes()
          .withName("n1")
          .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"unschedulable\":true}}");

      assertThat(client.nodes().withName("n1").get().getSpec().getUnschedulable()).isTrue();
    }

    @Test
    void staleResourceVersionInAMergePatchConflicts() {
      Node created = client.nodes().resource(node("n1").build()).create();
      client
          .nodes()
          .withName("n1")
          .edit(n -> new NodeBuilder(n).editMetadata().addToLabels("x", "1").endMetadata().build());

      assertThatThrownBy(
              () ->
                  client
                      .nodes()
                      .withName("n1")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"metadata\":{\"resourceVersion\":\""
                              + created.getMetadata().getResourceVersion()
                              + "\",\"labels\":{\"y\":\"1\"}}}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }
  }

  @Nested
  class JsonPatch {
    @Test
    void failedTestOperationAnswers422() {
      client.nodes().resource(node("n1").build()).create();

      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  client
                      .nodes()
                      .withName("n1")
                      .patch(
                          PatchContext.of(PatchType.JSON),
                          "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"},"
                              + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{}}]"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_000);
    }
  }

  @Nested
  class FieldSelectors {
    @BeforeEach
    void pods() {
      create(pod("a", "p1", "n1", "Running"));
      create(pod("a", "p2", null, "Pending"));
      create(pod("b", "p3", "n1", "Running"));
      create(pod("b", "p4", "n2", "Succeeded"));
    }

    @Test
    void nodeNameEqualsSelectsThePodsOfANode() {
      assertThat(
              names(
                  client
                      .pods()
                      .inAnyNamespace()
                      .withField("spec.nodeName", "n1")
                      .list()
                      .getItems()))
          .containsExactlyInAnyOrder("a/p1", "b/p3");
    }

    @Test
    void emptyNodeNameSelectsUnscheduledPods() {
      assertThat(
              names(
                  client.pods().inAnyNamespace().withField("spec.nodeName", "").list().getItems()))
          .containsExactly("a/p2");
    }

    @Test
    void notEqualAndPhaseSelectorsCombine() {
      assertThat(
              names(
                  client
                      .pods()
                      .inAnyNamespace()
                      .withoutField("spec.nodeName", "n1")
                      .withField("status.phase", "Succeeded")
                      .list()
                      .getItems()))
          .containsExactly("b/p4");
    }

    @Test
    void listsAreTypedLikeTheApiServers() throws Exception {
      String body = get("/api/v1/pods?fieldSelector=spec.nodeName%3Dn1&limit=500");
      assertThat(body).startsWith("{\"apiVersion\":\"v1\",\"kind\":\"PodList\"");
      assertThat(get("/apis/apps/v1/namespaces/a/deployments"))
          .contains("\"kind\":\"DeploymentList\"");
    }

    @Test
    void namespacedListsAreStillFilteredByNamespace() {
      assertThat(
              names(
                  client
                      .pods()
                      .inNamespace("a")
                      .withField("spec.nodeName", "n1")
                      .list()
                      .getItems()))
          .containsExactly("a/p1");
    }
  }

  @Nested
  class Eviction {
    @Test
    void evictingAPodWithoutBudgetDeletesIt() {
      create(pod("a", "p1", "n1", "Running"));

      assertThat(client.pods().inNamespace("a").withName("p1").evict()).isTrue();

      assertThat(client.pods().inNamespace("a").withName("p1").get()).isNull();
    }

    @Test
    void evictingAMissingPodIsNotFound() {
      assertThatThrownBy(() -> client.pods().inNamespace("a").withName("ghost").evict())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void minAvailableBlocksTheEvictionThatWouldBreakIt() {
      create(labelled(pod("a", "w1", "n1", "Running"), "web"));
      create(labelled(pod("a", "w2", "n1", "Running"), "web"));
      budget("a", "web-pdb", "web", new IntOrString(1), null);

      assertThat(client.pods().inNamespace("a").withName("w1").evict()).isTrue();
      assertThat(client.pods().inNamespace("a").withName("w2").evict()).isFalse();

      assertThat(client.pods().inNamespace("a").withName("w2").get()).isNotNull();
    }

    @Test
    void refusalIs429WithTheBudgetNamed() throws Exception {
      create(labelled(pod("a", "w1", "n1", "Running"), "web"));
      budget("a", "web-pdb", "web", new IntOrString(1), null);

      HttpResponse<String> response =
          client
              .getHttpClient()
              .sendAsync(
                  client
                      .getHttpClient()
                      .newHttpRequestBuilder()
                      .uri(api.url() + "/api/v1/namespaces/a/pods/w1/eviction")
                      .post(
                          "application/json",
                          "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                              + "\"metadata\":{\"name\":\"w1\",\"namespace\":\"a\"}}")
                      .build(),
                  String.class)
              .get();

      assertThat(response.code()).isEqualTo(429);
      assertThat(response.body())
          .contains("TooManyRequests")
          .contains("The disruption budget web-pdb needs 1 healthy pods and has 1 currently");
    }

    @Test
    void maxUnavailablePercentIsScaledOnTheOwnersReplicasRoundingUp() {
      client
          .apps()
          .replicaSets()
          .inNamespace("a")
          .resource(
              new ReplicaSetBuilder()
                  .withNewMetadata()
                  .withName("web-rs")
                  .withNamespace("a")
                  .endMetadata()
                  .withNewSpec()
                  .withReplicas(4)
                  .withNewSelector()
                  .addToMatchLabels("app", "web")
                  .endSelector()
                  .endSpec()
                  .build())
          .create();
      for (int i = 1; i <= 4; i++) {
        Pod pod = labelled(pod("a", "w" + i, "n1", "Running"), "web");
        pod.getMetadata()
            .setOwnerReferences(
                List.of(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("ReplicaSet")
                        .withName("web-rs")
                        .withUid("uid-rs")
                        .withController(true)
                        .build()));
        create(pod);
      }
      // 30% of 4 replicas rounds up to 2 pods that may be unavailable: 2 must stay healthy.
      budget("a", "web-pdb", "web", null, new IntOrString("30%"));

      assertThat(client.pods().inNamespace("a").withName("w1").evict()).isTrue();
      assertThat(client.pods().inNamespace("a").withName("w2").evict()).isTrue();
      assertThat(client.pods().inNamespace("a").withName("w3").evict()).isFalse();
    }

    @Test
    void minAvailablePercentCountsOnlyHealthyPods() {
      create(labelled(pod("a", "w1", "n1", "Running"), "web"));
      create(labelled(pod("a", "w2", "n1", "Running"), "web"));
      Pod notReady = labelled(pod("a", "w3", "n1", "Running"), "web");
      notReady.getStatus().getConditions().getFirst().setStatus("False");
      create(notReady);
      // 50% of 3 = 2 must be healthy; 2 are healthy, so no healthy pod may go...
      budget("a", "web-pdb", "web", new IntOrString("50%"), null);

      assertThat(client.pods().inNamespace("a").withName("w1").evict()).isFalse();
      // ...but the unhealthy one may, since the budget is currently met.
      assertThat(client.pods().inNamespace("a").withName("w3").evict()).isTrue();
    }

    @Test
    void pendingPodsIgnoreBudgets() {
      create(labelled(pod("a", "w1", null, "Pending"), "web"));
      budget("a", "web-pdb", "web", new IntOrString(5), null);

      assertThat(client.pods().inNamespace("a").withName("w1").evict()).isTrue();
    }

    @Test
    void budgetsOfOtherPodsDoNotApply() {
      create(labelled(pod("a", "w1", "n1", "Running"), "web"));
      budget("a", "db-pdb", "db", new IntOrString(1), null);

      assertThat(client.pods().inNamespace("a").withName("w1").evict()).isTrue();
    }
  }

  /** A client whose plain requests the dispatcher answers in process; watches stay on HTTP. */
  @Nested
  class InProcess {
    @Test
    void requestsAreAnsweredByTheSameHandlersAndWatchesStillSeeTheChanges() throws Exception {
      KubernetesClient inProcess =
          new KubernetesClientBuilder()
              .withHttpClientFactory(api.inProcessTransport())
              .withConfig(api.config())
              .build();
      try (inProcess) {
        java.util.concurrent.CountDownLatch added = new java.util.concurrent.CountDownLatch(1);
        var informer =
            inProcess
                .pods()
                .inNamespace("a")
                .inform(
                    new io.fabric8.kubernetes.client.informers.ResourceEventHandler<Pod>() {
                      @Override
                      public void onAdd(Pod pod) {
                        if (pod.getMetadata().getName().equals("p1")) {
                          added.countDown();
                        }
                      }

                      @Override
                      public void onUpdate(Pod oldPod, Pod newPod) {}

                      @Override
                      public void onDelete(Pod pod, boolean unknown) {}
                    });
        try {
          inProcess.pods().inNamespace("a").resource(pod("a", "p1", "n1", "Running")).create();

          assertThat(inProcess.pods().inNamespace("a").withName("p1").get().getStatus().getPhase())
              .isEqualTo("Running");
          assertThat(inProcess.pods().inNamespace("a").list().getItems()).hasSize(1);
          assertThat(added.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
          assertThatThrownBy(
                  () ->
                      inProcess
                          .pods()
                          .inNamespace("a")
                          .resource(pod("a", "p1", "n1", "Running"))
                          .create())
              .isInstanceOfSatisfying(
                  KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

          inProcess.pods().inNamespace("a").withName("p1").delete();
          assertThat(client.pods().inNamespace("a").withName("p1").get()).isNull();
          assertThat(api.requestCounts()).containsKey("POST pods list");
        } finally {
          informer.close();
        }
      }
    }

    @Test
    void requestsForAnotherServerStillGoOverTheWire() {
      EmbeddedKubeApi other = EmbeddedKubeApi.start(Clock.fixed(NOW, ZoneOffset.UTC), 0);
      try (KubernetesClient elsewhere =
          new KubernetesClientBuilder()
              .withHttpClientFactory(api.inProcessTransport())
              .withConfig(other.config())
              .build()) {
        elsewhere.pods().inNamespace("a").resource(pod("a", "p1", "n1", "Running")).create();

        assertThat(other.newClient().pods().inNamespace("a").withName("p1").get()).isNotNull();
        assertThat(client.pods().inNamespace("a").withName("p1").get()).isNull();
      } finally {
        other.close();
      }
    }
  }

  /** Lists and deletes look only at the objects of one name or one resource type. */
  @Nested
  class IndexedStore {
    @Test
    void deletingOneObjectLeavesItsNamesakesOfOtherKindsAndNamespaces() {
      client.pods().inNamespace("a").resource(pod("a", "x", "n1", "Running")).create();
      client.pods().inNamespace("b").resource(pod("b", "x", "n1", "Running")).create();
      client
          .configMaps()
          .inNamespace("a")
          .resource(
              new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("x")
                  .withNamespace("a")
                  .endMetadata()
                  .build())
          .create();
      client.nodes().resource(node("x").build()).create();

      client.pods().inNamespace("a").withName("x").delete();

      assertThat(client.pods().inNamespace("a").list().getItems()).isEmpty();
      assertThat(client.pods().inAnyNamespace().list().getItems())
          .extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
          .containsExactly("b/x");
      assertThat(client.configMaps().inNamespace("a").withName("x").get()).isNotNull();
      assertThat(client.nodes().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .containsExactly("x");
    }

    @Test
    void aListHoldsEveryObjectOfItsTypeAndNoOther() {
      for (int i = 0; i < 5; i++) {
        client.pods().inNamespace("a").resource(pod("a", "p" + i, "n1", "Running")).create();
        client.nodes().resource(node("n" + i).build()).create();
      }
      client.pods().inNamespace("a").withName("p2").delete();

      assertThat(client.pods().inNamespace("a").list().getItems())
          .extracting(p -> p.getMetadata().getName())
          .containsExactlyInAnyOrder("p0", "p1", "p3", "p4");
      assertThat(client.nodes().list().getItems()).hasSize(5);
    }
  }

  @Nested
  class Discovery {
    @Test
    void versionIsReported() {
      assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.28.0");
      assertThat(client.getKubernetesVersion().getMinor()).isEqualTo("28");
    }

    @Test
    void coreResourcesIncludeTheEvictionSubresource() throws Exception {
      String body = get("/api/v1");
      assertThat(body).contains("\"name\":\"nodes\"").contains("\"name\":\"pods/eviction\"");
    }

    @Test
    void groupsIncludeKarpenterAndTheBuiltIns() throws Exception {
      String body = get("/apis");
      for (String group :
          List.of(
              "karpenter.sh",
              "karpenter.k8s.aws",
              "coordination.k8s.io",
              "policy",
              "apps",
              "apiextensions.k8s.io",
              "events.k8s.io")) {
        assertThat(body).contains("\"name\":\"" + group + "\"");
      }
    }

    @Test
    void karpenterKindsResolveWithoutRegisteringCrds() {
      var provisioners = client.genericKubernetesResources("karpenter.sh/v1alpha5", "Provisioner");
      provisioners.resource(provisioner("default")).create();

      assertThat(provisioners.list().getItems())
          .extracting(r -> r.getMetadata().getName())
          .containsExactly("default");
    }

    @Test
    void openApiIsNotFound() throws Exception {
      HttpResponse<String> response = send("/openapi/v2");
      assertThat(response.code()).isEqualTo(404);
    }
  }

  @Nested
  class StatusAndLifecycle {
    @Test
    void aMainResourceUpdateKeepsTheStoredStatus() {
      client
          .nodes()
          .resource(
              node("n1")
                  .withNewStatus()
                  .addToCapacity("cpu", new Quantity("2"))
                  .endStatus()
                  .build())
          .create();

      client
          .nodes()
          .withName("n1")
          .edit(
              n ->
                  new NodeBuilder(n)
                      .editStatus()
                      .addToCapacity("cpu", new Quantity("64"))
                      .endStatus()
                      .build());
      assertThat(client.nodes().withName("n1").get().getStatus().getCapacity().get("cpu"))
          .isEqualTo(new Quantity("2"));

      client
          .nodes()
          .withName("n1")
          .editStatus(
              n ->
                  new NodeBuilder(n)
                      .editStatus()
                      .addToCapacity("cpu", new Quantity("4"))
                      .endStatus()
                      .build());
      assertThat(client.nodes().withName("n1").get().getStatus().getCapacity().get("cpu"))
          .isEqualTo(new Quantity("4"));
    }

    @Test
    void karpenterStatusIsASubresource() {
      var provisioners = client.genericKubernetesResources("karpenter.sh/v1alpha5", "Provisioner");
      GenericKubernetesResource created = provisioners.resource(provisioner("default")).create();
      created.setAdditionalProperty("status", Map.of("resources", Map.of("cpu", "4")));

      provisioners.resource(created).update();
      assertThat(provisioners.withName("default").get().getAdditionalProperties())
          .doesNotContainKey("status");

      provisioners.resource(provisioners.withName("default").get()).updateStatus();
      GenericKubernetesResource withStatus = provisioners.withName("default").get();
      withStatus.setAdditionalProperty("status", Map.of("resources", Map.of("cpu", "4")));
      provisioners.resource(withStatus).updateStatus();
      assertThat(provisioners.withName("default").get().getAdditionalProperties())
          .containsKey("status");
    }

    @Test
    void creationTimestampComesFromTheClock() {
      Node created = client.nodes().resource(node("n1").build()).create();

      assertThat(created.getMetadata().getCreationTimestamp()).isEqualTo("2026-11-22T08:00:00Z");
      assertThat(client.nodes().withName("n1").get().getMetadata().getCreationTimestamp())
          .isEqualTo("2026-11-22T08:00:00Z");
    }

    @Test
    void deletingAnObjectWithAFinalizerMarksItWithTheClockAndANewVersion() {
      Node created =
          client
              .nodes()
              .resource(
                  node("n1")
                      .editMetadata()
                      .addToFinalizers("karpenter.sh/termination")
                      .endMetadata()
                      .build())
              .create();

      client.nodes().withName("n1").delete();

      Node marked = client.nodes().withName("n1").get();
      assertThat(marked.getMetadata().getDeletionTimestamp()).isEqualTo("2026-11-22T08:00:00Z");
      assertThat(marked.getMetadata().getResourceVersion())
          .isNotEqualTo(created.getMetadata().getResourceVersion());

      client
          .nodes()
          .withName("n1")
          .edit(
              n ->
                  new NodeBuilder(n)
                      .editMetadata()
                      .withFinalizers(List.of())
                      .endMetadata()
                      .build());
      assertThat(client.nodes().withName("n1").get()).isNull();
    }
  }

  @Test
  void kubeconfigPointsAClientAtTheServer(@TempDir Path dir) throws Exception {
    client.nodes().resource(node("n1").build()).create();
    Path file = api.writeKubeconfig(dir.resolve("kubeconfig"));

    Config config = Config.fromKubeconfig(Files.readString(file));
    config.setHttp2Disable(true);
    try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(fromFile.nodes().list().getItems()).hasSize(1);
      assertThat(config.getNamespace()).isEqualTo("default");
    }
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = send(path);
    assertThat(response.code()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(String path) throws Exception {
    HttpRequest request =
        client.getHttpClient().newHttpRequestBuilder().uri(api.url() + path).build();
    return client.getHttpClient().sendAsync(request, String.class).get();
  }

  private void create(Pod pod) {
    client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  private void budget(String namespace, String name, String app, IntOrString min, IntOrString max) {
    client
        .policy()
        .v1()
        .podDisruptionBudget()
        .inNamespace(namespace)
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(min)
                .withMaxUnavailable(max)
                .withNewSelector()
                .addToMatchLabels("app", app)
                .endSelector()
                .endSpec()
                .build())
        .create();
  }

  private static NodeBuilder node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata();
  }

  private static Pod labelled(Pod pod, String app) {
    pod.getMetadata().setLabels(Map.of("app", app));
    return pod;
  }

  private static Pod pod(String namespace, String name, String nodeName, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNodeName(nodeName)
        .addNewContainer()
        .withName("c")
        .withImage("pause")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .addNewCondition()
        .withType("Ready")
        .withStatus("Running".equals(phase) ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  private static GenericKubernetesResource provisioner(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("karpenter.sh/v1alpha5")
        .withKind("Provisioner")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("consolidation", Map.of("enabled", true)))
        .build();
  }

  private static List<String> names(List<Pod> pods) {
    return pods.stream()
        .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .toList();
  }
}
