package dev.dovetail.sim.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SortedMirrorTest {
  private static Pod pod(String namespace, String name, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  @Test
  void keepsObjectsInNamespaceThenNameOrderAsEventsArrive() {
    SortedMirror<Pod> mirror = new SortedMirror<>();
    mirror.onAdd(pod("a-b", "x", "Pending"));
    mirror.onAdd(pod("a", "y", "Pending"));
    mirror.onAdd(pod("a", "x", "Pending"));
    mirror.onAdd(pod("b", "w", "Pending"));

    mirror.onUpdate(pod("a", "y", "Pending"), pod("a", "y", "Running"));
    mirror.onDelete(pod("b", "w", "Pending"), false);

    assertThat(mirror.list())
        .extracting(
            p ->
                p.getMetadata().getNamespace()
                    + "/"
                    + p.getMetadata().getName()
                    + "/"
                    + p.getStatus().getPhase())
        .containsExactly("a/x/Pending", "a/y/Running", "a-b/x/Pending");
  }
}
