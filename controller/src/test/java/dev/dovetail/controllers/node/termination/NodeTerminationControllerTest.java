package dev.dovetail.controllers.node.termination;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.ProviderRef;
import dev.dovetail.cloudprovider.LaunchRequest;
import dev.dovetail.cloudprovider.LaunchedMachine;
import dev.dovetail.controllers.Keys;
import dev.dovetail.events.Event;
import dev.dovetail.metrics.LifecycleMetrics;
import dev.dovetail.metrics.MetricNames;
import dev.dovetail.runtime.Result;
import dev.dovetail.testing.fake.FakeClock;
import dev.dovetail.testing.fake.FakeCloudProvider;
import dev.dovetail.testing.fake.ManualScheduler;
import dev.dovetail.testing.fake.RecordingEventRecorder;
import dev.dovetail.testing.fixtures.TestMachines;
import dev.dovetail.testing.fixtures.TestNodes;
import dev.dovetail.testing.fixtures.TestPods;
import dev.dovetail.testing.kube.ClientFilteredLookup;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NodeTerminationControllerTest {
  KubernetesClient client;

  private final FakeClock clock = new FakeClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final FakeCloudProvider cloud = new FakeCloudProvider(clock);
  private final RecordingEventRecorder events = new RecordingEventRecorder();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeEvictor evictor = new FakeEvictor();
  private EvictionQueue evictions;
  private NodeTerminationController controller;
  private Node node;
  private Machine machine;
  private String providerId;

  /** Evicts by deleting the pod, unless told a budget refuses it. */
  private final class FakeEvictor implements PodEvictor {
    final Set<String> refused = new HashSet<>();
    final List<String> calls = new ArrayList<>();

    @Override
    public Outcome evict(String namespace, String name) {
      calls.add(namespace + "/" + name);
      if (refused.contains(name)) {
        return Outcome.BLOCKED_BY_BUDGET;
      }
      if (client.pods().inNamespace(namespace).withName(name).get() == null) {
        return Outcome.NOT_FOUND;
      }
      client.pods().inNamespace(namespace).withName(name).delete();
      return Outcome.EVICTED;
    }
  }

  @BeforeEach
  void setUp() {
    TestMachines.registerCrds(client);
    evictions = new EvictionQueue(evictor, events, clock, scheduler, registry);
    controller =
        new NodeTerminationController(
            client,
            cloud,
            new ClientFilteredLookup(client),
            evictions,
            events,
            new LifecycleMetrics(registry),
            clock);
    machine = client.resource(TestMachines.machine("default").build()).create();
    LaunchedMachine instance =
        cloud.create(
            new LaunchRequest(
                machine.getMetadata().getName(),
                "default",
                new ProviderRef(null, null, "default"),
                null,
                null,
                null,
                null,
                null,
                null));
    providerId = instance.providerId();
    Node registered = TestNodes.registeredFor(instance, true);
    registered.getMetadata().setFinalizers(List.of(Keys.TERMINATION_FINALIZER));
    registered.getMetadata().getLabels().put(Keys.PROVISIONER_NAME, "default");
    node = client.resource(registered).create();
    machine.setStatus(
        new dev.dovetail.api.v1alpha5.MachineStatus(
            providerId, null, null, node.getMetadata().getName(), null));
    machine = client.resources(Machine.class).resource(machine).updateStatus();
  }

  private String nodeName() {
    return node.getMetadata().getName();
  }

  /**
   * Deletes the node and moves the fake clock to the deletion time the mock server (which stamps
   * wall-clock times) recorded.
   */
  private void deleteNode() {
    client.nodes().withName(nodeName()).delete();
    Instant deleted = Instant.parse(currentNode().getMetadata().getDeletionTimestamp());
    if (deleted.isAfter(clock.instant())) {
      clock.set(deleted);
    }
  }

  private Node currentNode() {
    return client.nodes().withName(nodeName()).get();
  }

  private void create(Pod pod) {
    client.resource(pod).create();
  }

  private double counter(String metric, String... tags) {
    var found = registry.find(metric).tags(tags).counter();
    return found == null ? 0 : found.count();
  }

  @Test
  void aNodeThatIsNotBeingDeletedIsLeftAlone() {
    assertThat(controller.reconcile(nodeName())).isEqualTo(Result.done());
    assertThat(currentNode().getSpec().getUnschedulable()).isNull();
  }

  @Test
  void cordonsDrainsNonCriticalPodsFirstThenTerminatesAndRemovesTheFinalizer() {
    create(TestPods.running("shop", "web", nodeName(), "web").build());
    create(
        TestPods.running("kube-system", "coredns", nodeName(), "dns")
            .editSpec()
            .withPriorityClassName("system-cluster-critical")
            .endSpec()
            .build());
    create(TestPods.daemon("kube-system", "aws-node", nodeName()));
    create(TestPods.mirror("kube-system", "kube-proxy", nodeName()));
    create(
        TestPods.running("batch", "done", nodeName(), "job")
            .editStatus()
            .withPhase("Succeeded")
            .endStatus()
            .build());
    deleteNode();
    clock.advance(Duration.ofSeconds(3));

    assertThat(controller.reconcile(nodeName()))
        .isEqualTo(Result.requeueAfter(Duration.ofSeconds(1)));
    Node cordoned = currentNode();
    assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
    assertThat(cordoned.getMetadata().getLabels())
        .containsEntry(Keys.EXCLUDE_FROM_LOAD_BALANCERS, "karpenter");
    assertThat(events.withReason("FailedDraining"))
        .extracting(Event::message)
        .containsExactly("Failed to drain node, 2 pods are waiting to be evicted");

    evictions.processReady();
    assertThat(evictor.calls).containsExactly("shop/web");
    assertThat(events.withReason("Evicted"))
        .singleElement()
        .satisfies(e -> assertThat(e.involved().getName()).isEqualTo("web"));

    controller.reconcile(nodeName());
    evictions.processReady();
    assertThat(evictor.calls).containsExactly("shop/web", "kube-system/coredns");

    assertThat(controller.reconcile(nodeName()))
        .isEqualTo(Result.requeueAfter(NodeTerminationController.INSTANCE_WAIT));
    assertThat(cloud.deleteCalls()).containsExactly(providerId);
    assertThat(currentNode()).isNotNull();

    assertThat(controller.reconcile(nodeName())).isEqualTo(Result.done());
    assertThat(currentNode()).isNull();
    assertThat(client.resources(Machine.class).withName(machine.getMetadata().getName()).get())
        .as("the Machine is deleted")
        .isNull();
    assertThat(counter(MetricNames.NODES_TERMINATED, "provisioner", "default")).isEqualTo(1);
    assertThat(counter(MetricNames.MACHINES_TERMINATED, "reason", "node_deleted")).isEqualTo(1);
    assertThat(registry.find(MetricNames.NODES_TERMINATION_TIME).summary().totalAmount())
        .isEqualTo(3.0);
    assertThat(client.pods().inNamespace("kube-system").withName("aws-node").get())
        .as("daemonset pods are not evicted")
        .isNotNull();
  }

  @Test
  void aBudgetRefusalIsRetriedWithBackoffAndReportedUntilItAllows() {
    create(TestPods.running("shop", "web", nodeName(), "web").build());
    evictor.refused.add("web");
    deleteNode();

    controller.reconcile(nodeName());
    evictions.processReady();
    assertThat(events.withReason("FailedDraining"))
        .extracting(Event::message)
        .contains("Failed to drain node, evicting pod shop/web violates a PDB");

    scheduler.advance(Duration.ofMillis(99));
    assertThat(evictions.processReady()).isZero();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(evictions.processReady()).isEqualTo(1);
    scheduler.advance(Duration.ofMillis(199));
    assertThat(evictions.processReady()).as("second retry waits 200 ms").isZero();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(evictions.processReady()).isEqualTo(1);

    controller.reconcile(nodeName());
    assertThat(evictions.pendingCount()).as("a queued pod is not queued twice").isEqualTo(1);
    assertThat(currentNode()).isNotNull();

    evictor.refused.clear();
    scheduler.advance(Duration.ofMillis(400));
    evictions.processReady();
    assertThat(client.pods().inNamespace("shop").withName("web").get()).isNull();
    assertThat(evictions.pendingCount()).isZero();

    controller.reconcile(nodeName());
    controller.reconcile(nodeName());
    assertThat(currentNode()).isNull();
  }

  @Test
  void podsStuckTerminatingForOverAMinuteDoNotHoldTheNode() {
    create(
        TestPods.running("shop", "web", nodeName(), "web")
            .editMetadata()
            .withFinalizers("example.com/hold")
            .endMetadata()
            .build());
    client.pods().inNamespace("shop").withName("web").delete();
    Instant podDeleted =
        Instant.parse(
            client
                .pods()
                .inNamespace("shop")
                .withName("web")
                .get()
                .getMetadata()
                .getDeletionTimestamp());
    deleteNode();

    assertThat(controller.reconcile(nodeName()))
        .isEqualTo(Result.requeueAfter(Duration.ofSeconds(1)));
    assertThat(evictions.pendingCount()).as("terminating pods are not evicted again").isZero();

    clock.set(podDeleted.plusSeconds(61));
    assertThat(controller.reconcile(nodeName()))
        .isEqualTo(Result.requeueAfter(NodeTerminationController.INSTANCE_WAIT));
  }

  @Test
  void whenTheInstanceIsAlreadyGoneTheFinalizerIsRemovedWithoutDraining() {
    create(TestPods.running("shop", "web", nodeName(), "web").build());
    cloud.vanish(providerId);
    deleteNode();

    assertThat(controller.reconcile(nodeName())).isEqualTo(Result.done());

    assertThat(currentNode()).isNull();
    assertThat(evictor.calls).isEmpty();
  }

  @Test
  void doNotEvictPodsBlockOnlyVoluntaryDisruption() {
    Pod guarded =
        TestPods.running("shop", "web", nodeName(), "web")
            .editMetadata()
            .addToAnnotations(Keys.DO_NOT_EVICT, "true")
            .endMetadata()
            .build();
    create(guarded);
    create(TestPods.daemon("kube-system", "aws-node", nodeName()));
    List<Pod> pods = new ClientFilteredLookup(client).podsOnNode(nodeName());

    assertThat(DrainablePods.blockingVoluntaryDisruption(pods))
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("web");

    deleteNode();
    controller.reconcile(nodeName());
    evictions.processReady();
    assertThat(evictor.calls).as("a deleted node drains regardless").containsExactly("shop/web");
  }
}
