package dev.dovetail.controllers.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.v1alpha5.ProvisionerStatus;
import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.controllers.provisioner.counter.ProvisionerCounterController;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.PendingPod;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.fixtures.TestProvisioners;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provisioning loop on the CRUD mock API with the fake cloud provider and a fake clock. */
@EnableKubernetesMockClient(crud = true)
class ProvisioningControllerTest {
  KubernetesClient client;

  private final FakeClock clock = new FakeClock();
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ClusterState state = new ClusterState(clock);
  private final Batcher batcher = new Batcher(clock, Duration.ofSeconds(1), Duration.ofSeconds(10));
  private ProvisioningController provisioner;
  private PodTrigger trigger;

  @BeforeEach
  void setUp() {
    TestMachines.registerCrds(client);
    ClusterReads reads = ClusterReads.of(client);
    provisioner =
        new ProvisioningController(
            client,
            reads,
            state,
            () -> true,
            batcher,
            new SnapshotBuilder(cloud, ProvisionerDefaulter.CORE::apply),
            events,
            new LifecycleMetrics(registry),
            new ProvisioningMetrics(registry),
            clock,
            new Random(7),
            SolveOptions.DEFAULT);
    trigger = new PodTrigger(reads::pod, batcher);
  }

  private Provisioner provisioner(String name, Map<String, String> limits, String usedCpu) {
    TestProvisioners builder = TestProvisioners.named(name);
    if (limits != null) {
      limits.forEach(builder::limit);
    }
    Provisioner p = builder.build();
    Provisioner created = client.resource(p).create();
    if (usedCpu != null) {
      created.setStatus(new ProvisionerStatus(Map.of("cpu", new Quantity(usedCpu)), null, null));
      created = client.resources(Provisioner.class).resource(created).updateStatus();
    }
    return created;
  }

  private Pod pendingPod(String name, String cpu, Map<String, String> selector) {
    PendingPod pod = PendingPod.named(name).cpu(cpu).unschedulable();
    selector.forEach(pod::nodeSelector);
    return client.resource(pod.build()).create();
  }

  private List<Machine> machines() {
    return client.resources(Machine.class).list().getItems();
  }

  /** Triggers for every pod, then steps the clock until the batch closes and the pass runs. */
  private void runBatch() {
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      trigger.reconcile("default/" + pod.getMetadata().getName());
    }
    Result first = provisioner.reconcile();
    assertThat(first).isInstanceOf(Result.RequeueAfter.class);
    clock.advance(((Result.RequeueAfter) first).delay());
    assertThat(provisioner.reconcile()).isInstanceOf(Result.Done.class);
  }

  @Test
  void provisionablePodsInOneBatchBecomeMachinesOwnedByTheirProvisioner() {
    Provisioner owner = provisioner("default", null, null);
    for (int i = 0; i < 5; i++) {
      pendingPod("inflate-" + i, "1", Map.of());
    }

    assertThat(provisioner.reconcile()).isEqualTo(Result.requeueAfter(Duration.ofSeconds(1)));
    runBatch();

    List<Machine> machines = machines();
    assertThat(machines).isNotEmpty();
    long requestedCpu = 0;
    for (Machine m : machines) {
      assertThat(m.getMetadata().getName()).matches("default-[a-z0-9]{5}");
      assertThat(m.getMetadata().getLabels())
          .containsEntry(WellKnownLabels.PROVISIONER_NAME, "default");
      assertThat(m.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("Provisioner");
                assertThat(o.getName()).isEqualTo("default");
                assertThat(o.getUid()).isEqualTo(owner.getMetadata().getUid());
              });
      NodeSelectorRequirement types =
          m.getSpec().requirements().stream()
              .filter(r -> r.getKey().equals(WellKnownLabels.INSTANCE_TYPE))
              .findFirst()
              .orElseThrow();
      assertThat(types.getValues()).isNotEmpty().hasSizeLessThanOrEqualTo(100);
      requestedCpu +=
          m.getSpec().resources().requests().get("cpu").getNumericalAmount().longValue();
    }
    assertThat(requestedCpu).isGreaterThanOrEqualTo(5);
    assertThat(
            registry
                .get(MetricNames.MACHINES_CREATED)
                .tags("provisioner", "default")
                .counter()
                .count())
        .isEqualTo(machines.size());
    assertThat(registry.get(ProvisioningMetrics.SCHEDULING_DURATION).timer().count()).isEqualTo(1);
    assertThat(events.withReason("Nominated")).hasSize(5);
  }

  @Test
  void namespaceSelectorsOfAffinityTermsMatchTheNamespacesLabels() {
    provisioner("default", null, null);
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("default")
                .addToLabels("team", "web")
                .endMetadata()
                .build())
        .create();
    for (int i = 0; i < 2; i++) {
      Pod pod = PendingPod.named("web-" + i).cpu("100m").unschedulable().build();
      pod.getMetadata().setLabels(Map.of("app", "web"));
      pod.getSpec()
          .setAffinity(
              new io.fabric8.kubernetes.api.model.AffinityBuilder()
                  .withNewPodAntiAffinity()
                  .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                  .withTopologyKey(WellKnownLabels.HOSTNAME)
                  .withNewLabelSelector()
                  .addToMatchLabels("app", "web")
                  .endLabelSelector()
                  .withNewNamespaceSelector()
                  .addToMatchLabels("team", "web")
                  .endNamespaceSelector()
                  .endRequiredDuringSchedulingIgnoredDuringExecution()
                  .endPodAntiAffinity()
                  .build());
      client.resource(pod).create();
    }

    runBatch();

    // The selector matches the pods' own namespace only through its label: each pod needs a host
    // of its own. Without the namespace's labels both would share one small node.
    assertThat(machines()).hasSize(2);
  }

  @Test
  void theNextBatchNominatesInFlightMachinesInsteadOfLaunchingAgain() {
    provisioner("default", null, null);
    for (int i = 0; i < 3; i++) {
      pendingPod("inflate-" + i, "1", Map.of());
    }
    runBatch();
    int launched = machines().size();
    events.reset();

    clock.advance(PodTrigger.RECHECK);
    runBatch();

    assertThat(machines()).hasSize(launched);
    assertThat(events.withReason("Nominated")).hasSize(3);
    assertThat(state.nodes()).allMatch(n -> n.isNominated(clock.instant()));
  }

  @Test
  void noMachineIsCreatedOnceTheProvisionerIsOverItsLimit() {
    provisioner("default", Map.of("cpu", "4"), "5");
    pendingPod("inflate-0", "1", Map.of());

    runBatch();

    assertThat(machines()).isEmpty();
    assertThat(events.withReason("FailedScheduling")).hasSize(1);
  }

  @Test
  void aPodThatFitsNowhereGetsFailedSchedulingWithTheEnginesReason() {
    provisioner("default", null, null);
    pendingPod("picky", "1", Map.of(WellKnownLabels.ZONE, "mars-1a"));

    runBatch();

    assertThat(machines()).isEmpty();
    assertThat(events.withReason("FailedScheduling"))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Failed to schedule pod"));
  }

  @Test
  void podsThatAreNotProvisionableDoNotTriggerABatch() {
    provisioner("default", null, null);
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("bound")
                .endMetadata()
                .withNewSpec()
                .withNodeName("somewhere")
                .addNewContainer()
                .withName("app")
                .endContainer()
                .endSpec()
                .build())
        .create();

    assertThat(trigger.reconcile("default/bound")).isEqualTo(Result.done());
    assertThat(batcher.isOpen()).isFalse();
    assertThat(trigger.reconcile("default/missing")).isEqualTo(Result.done());
  }

  @Test
  void theCounterSumsTheCapacityOfTheNodesAProvisionerOwns() {
    provisioner("default", null, null);
    for (String name : List.of("a", "b")) {
      state.updateNode(
          new NodeBuilder()
              .withNewMetadata()
              .withName(name)
              .addToLabels(WellKnownLabels.PROVISIONER_NAME, "default")
              .endMetadata()
              .withNewSpec()
              .withProviderID("fake:///us-east-1a/" + name)
              .endSpec()
              .withNewStatus()
              .addToCapacity("cpu", new Quantity("4"))
              .addToCapacity("memory", new Quantity("16Gi"))
              .endStatus()
              .build());
    }
    state.updateNode(
        new NodeBuilder()
            .withNewMetadata()
            .withName("unmanaged")
            .endMetadata()
            .withNewStatus()
            .addToCapacity("cpu", new Quantity("64"))
            .endStatus()
            .build());

    new ProvisionerCounterController(client, state).reconcile("default");

    Map<String, Quantity> resources =
        client.resources(Provisioner.class).withName("default").get().getStatus().resources();
    assertThat(Quantity.getAmountInBytes(resources.get("cpu")).intValue()).isEqualTo(8);
    assertThat(Quantity.getAmountInBytes(resources.get("memory")).longValue())
        .isEqualTo(32L * 1024 * 1024 * 1024);
  }

  @Test
  void podsOnANodeBeingDeletedArePlannedAheadOnANewNode() {
    provisioner("default", null, null);
    state.updateNode(
        new NodeBuilder()
            .withNewMetadata()
            .withName("leaving")
            .withDeletionTimestamp("2026-01-01T00:00:00Z")
            .addToLabels(WellKnownLabels.PROVISIONER_NAME, "default")
            .endMetadata()
            .withNewSpec()
            .withProviderID("fake:///us-east-1a/leaving")
            .endSpec()
            .withNewStatus()
            .addToAllocatable("cpu", new Quantity("4"))
            .addToAllocatable("pods", new Quantity("110"))
            .endStatus()
            .build());
    Pod bound =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withNamespace("default")
                    .withName("moving")
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("leaving")
                    .addNewContainer()
                    .withName("app")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("2"))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    state.updatePod(bound);

    ProvisioningController.Outcome outcome = provisioner.provision();

    assertThat(outcome.created()).hasSize(1);
    assertThat(outcome.plan().newNodes().get(0).pods()).containsExactly("default/moving");
  }

  @Test
  void aNodeWithAPendingInterruptionIsNeverATargetAndItsPodsArePlannedAhead() {
    provisioner("default", null, null);
    state.updateNode(
        new NodeBuilder()
            .withNewMetadata()
            .withName("interrupted")
            .addToLabels(WellKnownLabels.PROVISIONER_NAME, "default")
            .addToAnnotations(
                dev.dovetail.state.StateNode.INTERRUPTION_PENDING, "2026-01-01T00:01:30Z")
            .endMetadata()
            .withNewSpec()
            .withProviderID("fake:///us-east-1a/interrupted")
            .endSpec()
            .withNewStatus()
            .addToAllocatable("cpu", new Quantity("16"))
            .addToAllocatable("pods", new Quantity("110"))
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus()
            .build());
    Pod bound =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withNamespace("default")
                    .withName("moving")
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName("interrupted")
                    .addNewContainer()
                    .withName("app")
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("2"))
                    .endResources()
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    state.updatePod(bound);
    pendingPod("new", "1", Map.of());

    ProvisioningController.Outcome outcome = provisioner.provision();

    assertThat(outcome.plan().existingNodes())
        .as("nothing is placed on the interrupted node despite its free capacity")
        .allSatisfy(a -> assertThat(a.nodeName()).isNotEqualTo("interrupted"));
    assertThat(outcome.plan().newNodes().stream().flatMap(n -> n.pods().stream()))
        .contains("default/moving", "default/new");
  }
}
