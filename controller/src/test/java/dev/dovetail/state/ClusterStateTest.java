package dev.dovetail.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.MachineStatus;
import dev.dovetail.testing.fake.FakeClock;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateTest {
  private final FakeClock clock = new FakeClock();
  private final ClusterState state = new ClusterState(clock);

  @Test
  void aMachineWithoutInstanceIsInFlightUnderItsName() {
    state.updateMachine(machine("default-abc", null));

    assertThat(state.nodes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.key()).isEqualTo("machine/default-abc");
              assertThat(n.inFlight()).isTrue();
            });
  }

  @Test
  void aMachineAndItsNodeMergeByProviderIdInEitherOrder() {
    state.updateMachine(machine("default-abc", null));
    state.updateMachine(machine("default-abc", "aws:///us-west-2a/i-1"));
    state.updateNode(node("ip-1", "aws:///us-west-2a/i-1"));
    state.updateNode(node("ip-2", "aws:///us-west-2a/i-2"));
    state.updateMachine(machine("default-def", "aws:///us-west-2a/i-2"));

    List<StateNode> nodes = state.nodes();
    assertThat(nodes)
        .extracting(StateNode::key)
        .containsExactlyInAnyOrder("aws:///us-west-2a/i-1", "aws:///us-west-2a/i-2");
    assertThat(nodes)
        .allSatisfy(
            n -> {
              assertThat(n.machine()).isPresent();
              assertThat(n.node()).isPresent();
              assertThat(n.inFlight()).isFalse();
            });
  }

  @Test
  void aMarkFollowsTheMachineToItsProviderId() {
    state.updateMachine(machine("default-abc", null));
    state.markForDeletion(List.of("machine/default-abc"));
    state.nominate("machine/default-abc");

    state.updateMachine(machine("default-abc", "aws:///us-west-2a/i-1"));

    StateNode node = state.nodeByKey("aws:///us-west-2a/i-1").orElseThrow();
    assertThat(node.markedForDeletion()).isTrue();
    assertThat(node.isNominated(clock.instant())).isTrue();
    assertThat(state.nodeByKey("machine/default-abc")).isEmpty();
  }

  @Test
  void deletingOneSideKeepsTheOther() {
    state.updateMachine(machine("default-abc", "aws:///us-west-2a/i-1"));
    state.updateNode(node("ip-1", "aws:///us-west-2a/i-1"));

    state.deleteNode(node("ip-1", "aws:///us-west-2a/i-1"));
    assertThat(state.nodes()).singleElement().satisfies(n -> assertThat(n.inFlight()).isTrue());

    state.deleteMachine(machine("default-abc", "aws:///us-west-2a/i-1"));
    assertThat(state.nodes()).isEmpty();
  }

  @Test
  void podsAreTrackedPerNodeAndMoveWhenRebound() {
    state.updateNode(node("ip-1", "aws:///us-west-2a/i-1"));
    state.updatePod(pod("web-1", "ip-1"));
    state.updatePod(pod("web-2", "ip-1"));
    state.updatePod(pod("web-3", null));

    assertThat(state.nodeByName("ip-1").orElseThrow().pods())
        .containsExactlyInAnyOrder("default/web-1", "default/web-2");

    state.updatePod(pod("web-2", "ip-2"));
    state.deletePod(pod("web-1", "ip-1"));

    assertThat(state.podsOn("ip-1")).isEmpty();
    assertThat(state.podsOn("ip-2")).containsExactly("default/web-2");
  }

  @Test
  void terminalPodsDoNotCountOnTheirNode() {
    Pod done = pod("job-1", "ip-1");
    done.getStatus().setPhase("Succeeded");

    state.updatePod(done);

    assertThat(state.podsOn("ip-1")).isEmpty();
  }

  @Test
  void aNominationLastsTwentySeconds() {
    state.updateNode(node("ip-1", "aws:///us-west-2a/i-1"));
    state.nominate("aws:///us-west-2a/i-1");

    clock.advance(Duration.ofSeconds(19));
    assertThat(state.nodeByName("ip-1").orElseThrow().isNominated(clock.instant())).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(state.nodeByName("ip-1").orElseThrow().isNominated(clock.instant())).isFalse();
  }

  @Test
  void knowsAllComparesNamesWithWhatTheApiShows() {
    state.updateMachine(machine("m1", null));
    state.updateNode(node("n1", "p1"));

    assertThat(state.knowsAll(List.of("m1"), List.of("n1"))).isTrue();
    assertThat(state.knowsAll(List.of("m1", "m2"), List.of("n1"))).isFalse();
    assertThat(state.knowsAll(List.of(), List.of("n2"))).isFalse();
  }

  static Machine machine(String name, String providerId) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).build());
    machine.setStatus(new MachineStatus(providerId, null, null, null, null));
    return machine;
  }

  static Node node(String name, String providerId) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withProviderID(providerId)
        .endSpec()
        .build();
  }

  static Pod pod(String name, String nodeName) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNodeName(nodeName)
        .endSpec()
        .withNewStatus()
        .withPhase(nodeName == null ? "Pending" : "Running")
        .endStatus()
        .build();
  }
}
