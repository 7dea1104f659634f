package dev.dovetail.sim.simulate;

import dev.dovetail.aws.simulated.SimulatedAws;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one baseline's run on the real controllers: the instances the simulated backend runs
 * (what they cost, launches and terminations), the pods (creation to Running, disruptions), and
 * samples for the charts. The simulation calls {@link #observe()} whenever the cluster has settled
 * and {@link #accrue} before the clock jumps, so the bill is exact to the second.
 */
final class RunRecorder {
  private final Clock clock;
  private final Instant start;
  private final SimulatedAws aws;
  private final PriceBook prices;
  private final Map<String, SimulatedAws.Instance> live = new LinkedHashMap<>();
  private final Set<String> reclaimed = new HashSet<>();
  private final Map<String, Double> nodeSeconds = new TreeMap<>();
  private final List<BaselineResult.Decision> decisions = new ArrayList<>();
  private final List<BaselineResult.Sample> samples = new ArrayList<>();
  private final Map<String, Instant> podCreated = new ConcurrentHashMap<>();
  private final Map<String, Double> podStartup = new ConcurrentHashMap<>();
  private final Set<String> disrupted = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private double costPerHour;
  private double dollars;
  private int launches;
  private int interruptions;

  RunRecorder(Clock clock, Instant start, SimulatedAws aws, PriceBook prices) {
    this.clock = clock;
    this.start = start;
    this.aws = aws;
    this.prices = prices;
  }

  /** Follows pods and nodes; call before the informers start. */
  void follow(SharedIndexInformer<Pod> podInformer, SharedIndexInformer<Node> nodeInformer) {
    this.pods = podInformer;
    this.nodes = nodeInformer;
    podInformer.addEventHandler(
        new ResourceEventHandler<Pod>() {
          @Override
          public void onAdd(Pod pod) {
            podCreated.putIfAbsent(pod.getMetadata().getUid(), clock.instant());
            podChanged(null, pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            podChanged(old, pod);
          }

          @Override
          public void onDelete(Pod pod, boolean unknown) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
              disruptedIfNodeLeaving(pod);
            }
          }
        });
  }

  private void podChanged(Pod old, Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && !podStartup.containsKey(uid)) {
      Instant created = podCreated.getOrDefault(uid, clock.instant());
      podStartup.put(uid, Duration.between(created, clock.instant()).toMillis() / 1000.0);
    }
    if (pod.getMetadata().getDeletionTimestamp() != null
        && (old == null || old.getMetadata().getDeletionTimestamp() == null)) {
      disruptedIfNodeLeaving(pod);
    }
  }

  /** A pod that goes while its node is being removed (or is already gone) was disrupted. */
  private void disruptedIfNodeLeaving(Pod pod) {
    String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    if (nodeName == null || nodeName.isEmpty() || isDaemon(pod)) {
      return;
    }
    Node node = nodes.getStore().getByKey(nodeName);
    boolean leaving =
        node == null
            || node.getMetadata().getDeletionTimestamp() != null
            || (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()));
    if (leaving) {
      disrupted.add(pod.getMetadata().getUid());
    }
  }

  private static boolean isDaemon(Pod pod) {
    var owners = pod.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> "DaemonSet".equals(o.getKind()));
  }

  /** Instances the scenario reclaimed; their disappearance is an interruption, not a decision. */
  void reclaimed(List<String> ids) {
    reclaimed.addAll(ids);
  }

  /** A scenario event, for the decision timeline. */
  void scenarioEvent(String detail) {
    decisions.add(new BaselineResult.Decision(second(), "scenario", detail, 0));
  }

  /** Compares the backend's instances with the last look; records launches and terminations. */
  void observe() {
    Map<String, SimulatedAws.Instance> now = new LinkedHashMap<>();
    for (SimulatedAws.Instance i : aws.liveInstances()) {
      now.put(i.id(), i);
    }
    for (SimulatedAws.Instance i : now.values()) {
      if (!live.containsKey(i.id())) {
        launches++;
        double price = price(i);
        decisions.add(
            new BaselineResult.Decision(
                second(),
                "launch",
                i.instanceType()
                    + " "
                    + i.capacityType().label()
                    + " in "
                    + i.zone()
                    + " "
                    + money(price)
                    + "/h",
                price));
      }
    }
    for (SimulatedAws.Instance i : live.values()) {
      if (!now.containsKey(i.id())) {
        boolean interrupted = reclaimed.contains(i.id());
        if (interrupted) {
          interruptions++;
        }
        decisions.add(
            new BaselineResult.Decision(
                second(),
                interrupted ? "interruption" : "termination",
                i.instanceType() + " " + i.capacityType().label() + " in " + i.zone(),
                -price(i)));
      }
    }
    live.clear();
    live.putAll(now);
    double rate = 0;
    for (SimulatedAws.Instance i : live.values()) {
      rate += price(i);
    }
    costPerHour = rate;
  }

  /** Bills the instances seen by the last {@link #observe()} from {@code from} to {@code to}. */
  void accrue(Instant from, Instant to) {
    double seconds = Duration.between(from, to).toMillis() / 1000.0;
    if (seconds <= 0) {
      return;
    }
    dollars += costPerHour * seconds / 3600;
    for (SimulatedAws.Instance i : live.values()) {
      nodeSeconds.merge(i.instanceType() + "/" + i.capacityType().label(), seconds, Double::sum);
    }
  }

  /** Records the state now for the charts; {@code lowerBound} negative when not computed. */
  void sample(double lowerBound) {
    Map<String, Integer> byType = new TreeMap<>();
    for (SimulatedAws.Instance i : live.values()) {
      byType.merge(i.instanceType(), 1, Integer::sum);
    }
    samples.add(
        new BaselineResult.Sample(second(), costPerHour, byType, pendingPods(), lowerBound));
  }

  int pendingPods() {
    int pending = 0;
    for (Pod pod : pods.getStore().list()) {
      if ((pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty())
          && pod.getMetadata().getDeletionTimestamp() == null
          && !isDaemon(pod)
          && !isTerminal(pod)) {
        pending++;
      }
    }
    return pending;
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  double costPerHour() {
    return costPerHour;
  }

  double dollars() {
    return dollars;
  }

  BaselineResult result(String name, String description) {
    Map<String, Double> hours = new HashMap<>();
    nodeSeconds.forEach((k, s) -> hours.put(k, s / 3600));
    List<Double> startup = new ArrayList<>(podStartup.values());
    return new BaselineResult(
        name,
        description,
        dollars,
        hours,
        BaselineResult.Latency.of(startup),
        launches,
        disrupted.size(),
        interruptions,
        pendingPods(),
        samples,
        decisions);
  }

  private double price(SimulatedAws.Instance i) {
    return prices.hourly(i.instanceType(), i.zone(), i.capacityType());
  }

  private long second() {
    return Duration.between(start, clock.instant()).toSeconds();
  }

  static String money(double dollars) {
    return String.format(Locale.ROOT, "$%.4f", dollars);
  }
}
