package dev.dovetail.sim.simulate;

import dev.dovetail.aws.catalog.Catalog;
import dev.dovetail.scheduling.CapacityType;
import dev.dovetail.scheduling.InstanceType;
import dev.dovetail.scheduling.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A Cluster Autoscaler-like baseline (docs/design/simulate.md), as a model rather than on the
 * cluster: fixed node groups of one instance type each; every 10 s scan it places pending pods on
 * nodes with room (first fit, as kube-scheduler would find them), then estimates for each group how
 * many new nodes first-fit-decreasing needs for the rest and scales up the group with the least
 * waste; a node whose requests stay under 50% of its allocatable CPU and memory for 10 minutes is
 * removed when its pods fit on the other nodes. Pods bigger than every group's type stay pending.
 * The workload replays the same scenario timeline (replicas of Deployments, Jobs as parallelism
 * pods, DaemonSets as per-node overhead).
 */
final class ClusterAutoscalerModel {
  static final Duration SCAN = Duration.ofSeconds(10);
  static final Duration SCALE_DOWN_UNNEEDED = Duration.ofMinutes(10);
  static final double SCALE_DOWN_UTILIZATION = 0.5;
  static final Duration NODE_READY = Duration.ofSeconds(50);
  private static final int DEFAULT_GROUPS = 3;

  private final Scenario scenario;
  private final String region;
  private final Duration sampleEvery;
  private final Map<String, InstanceType> types = new HashMap<>();
  private final Random random;
  private final Catalog catalog;
  private final List<ModelNode> nodes = new ArrayList<>();
  private final List<ModelPod> pending = new ArrayList<>();

  private record Group(String instanceType, CapacityType capacityType, Resources allocatable) {
    String key() {
      return instanceType + "/" + capacityType.label();
    }
  }

  private static final class ModelPod {
    final String workload;
    final Resources requests;
    final long created;
    long running = -1;

    ModelPod(String workload, Resources requests, long created) {
      this.workload = workload;
      this.requests = requests;
      this.created = created;
    }
  }

  private static final class ModelNode {
    final Group group;
    final long launched;
    final List<ModelPod> pods = new ArrayList<>();
    long underusedSince = -1;

    ModelNode(Group group, long launched) {
      this.group = group;
      this.launched = launched;
    }

    boolean ready(long now) {
      return now >= launched + NODE_READY.toSeconds();
    }

    Resources used(Resources daemons) {
      Resources used = daemons;
      for (ModelPod p : pods) {
        used = used.plus(p.requests);
      }
      return used;
    }
  }

  private static final class Workload {
    Resources requests = Resources.NONE;
    int replicas;
    final List<ModelPod> pods = new ArrayList<>();
  }

  ClusterAutoscalerModel(Scenario scenario, Catalog catalog, String region, Duration sampleEvery) {
    this.scenario = scenario;
    this.region = region;
    this.sampleEvery = sampleEvery;
    this.random = new Random(scenario.seed());
    this.catalog = catalog;
    for (InstanceType t : catalog.instanceTypes(region)) {
      types.put(t.name(), t);
    }
  }

  /** The groups: the scenario's, or the types Dovetail ran longest. */
  List<Scenario.NodeGroup> groups(BaselineResult dovetail) {
    if (!scenario.nodeGroups().isEmpty()) {
      return scenario.nodeGroups();
    }
    List<Scenario.NodeGroup> groups = new ArrayList<>();
    dovetail.nodeHours().entrySet().stream()
        .sorted(
            Map.Entry.<String, Double>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(DEFAULT_GROUPS)
        .forEach(
            e -> {
              String[] parts = e.getKey().split("/");
              groups.add(
                  new Scenario.NodeGroup(
                      parts[0],
                      parts[1].equals("spot") ? CapacityType.SPOT : CapacityType.ON_DEMAND));
            });
    return groups;
  }

  BaselineResult run(BaselineResult dovetail, Duration until) {
    List<Group> groups = new ArrayList<>();
    for (Scenario.NodeGroup g : groups(dovetail)) {
      InstanceType type = types.get(g.instanceType());
      if (type != null) {
        groups.add(new Group(g.instanceType(), g.capacityType(), type.allocatable()));
      }
    }
    Map<String, Double> price = new HashMap<>();
    PriceBook book =
        new PriceBook(
            new dev.dovetail.aws.simulated.SimulatedAws(
                catalog,
                region,
                java.time.Clock.fixed(ClusterRun.START, java.time.ZoneOffset.UTC),
                scenario.seed()));
    for (Group g : groups) {
      price.put(g.key(), cheapest(book, g));
    }
    Map<String, Long> iceUntil = new HashMap<>();
    Map<String, Workload> workloads = new LinkedHashMap<>();
    Resources daemons = Resources.NONE;
    for (HasMetadata o : scenario.objects()) {
      daemons = declare(o, workloads, daemons);
    }

    nodes.clear();
    pending.clear();
    List<BaselineResult.Decision> decisions = new ArrayList<>();
    List<BaselineResult.Sample> samples = new ArrayList<>();
    Map<String, Double> nodeSeconds = new TreeMap<>();
    List<Double> startup = new ArrayList<>();
    double dollars = 0;
    int disruptions = 0;
    int interruptions = 0;
    int launches = 0;
    List<Scenario.Event> events = new ArrayList<>(scenario.timeline());
    Map<Scenario.Load, Long> loads = new LinkedHashMap<>();
    long end = until.toSeconds();
    long nextSample = 0;

    for (long now = 0; now <= end; now += SCAN.toSeconds()) {
      while (!events.isEmpty() && events.get(0).at().toSeconds() <= now) {
        Scenario.Event e = events.remove(0);
        decisions.add(new BaselineResult.Decision(now, "scenario", e.describe(), 0));
        switch (e) {
          case Scenario.Scale s -> workload(workloads, s.workload()).replicas = s.replicas();
          case Scenario.Apply a -> {
            for (HasMetadata o : a.objects()) {
              daemons = declare(o, workloads, daemons);
            }
          }
          case Scenario.Delete d -> {
            Workload w = workloads.get(key(d.object()));
            if (w != null) {
              w.replicas = 0;
            }
          }
          case Scenario.Load l -> loads.put(l, e.at().toSeconds());
          case Scenario.SpotInterruption si -> {
            List<ModelNode> pool =
                new ArrayList<>(
                    nodes.stream()
                        .filter(n -> n.group.capacityType() == CapacityType.SPOT)
                        .filter(
                            n -> si.instanceType().map(n.group.instanceType()::equals).orElse(true))
                        .toList());
            int count = (int) Math.ceil(pool.size() * si.share());
            for (int k = 0; k < count && !pool.isEmpty(); k++) {
              ModelNode victim = pool.remove(random.nextInt(pool.size()));
              nodes.remove(victim);
              interruptions++;
              disruptions += victim.pods.size();
              requeue(victim, pending, now);
              decisions.add(
                  new BaselineResult.Decision(
                      now, "interruption", victim.group.key(), -price.get(victim.group.key())));
            }
          }
          case Scenario.SpotPriceChange c -> {
            String k = c.instanceType() + "/spot";
            if (price.containsKey(k)) {
              price.put(k, c.price().orElse(price.get(k) * c.factor().orElse(1.0)));
            }
          }
          case Scenario.IceFor i -> {
            if (i.zone().isEmpty()) {
              iceUntil.put(
                  i.instanceType() + "/" + i.capacityType().label(), now + i.length().toSeconds());
            }
          }
        }
      }
      for (Map.Entry<Scenario.Load, Long> l : loads.entrySet()) {
        long since = now - l.getValue();
        long every = l.getKey().every().toSeconds();
        workload(workloads, l.getKey().deployment()).replicas =
            l.getKey().curve().replicasAt(Duration.ofSeconds(since - since % every));
      }

      // Workload controllers: create or remove pods to match replicas (pending ones first).
      for (Map.Entry<String, Workload> e : workloads.entrySet()) {
        Workload w = e.getValue();
        while (w.pods.size() < w.replicas) {
          ModelPod p = new ModelPod(e.getKey(), w.requests, now);
          w.pods.add(p);
          pending.add(p);
        }
        while (w.pods.size() > w.replicas) {
          ModelPod victim =
              w.pods.stream()
                  .filter(p -> p.running < 0)
                  .reduce((a, b) -> b)
                  .orElse(w.pods.getLast());
          w.pods.remove(victim);
          pending.remove(victim);
          for (ModelNode n : nodes) {
            n.pods.remove(victim);
          }
        }
      }

      // kube-scheduler: pending pods onto ready nodes with room.
      final Resources overhead = daemons;
      for (var it = pending.iterator(); it.hasNext(); ) {
        ModelPod p = it.next();
        for (ModelNode n : nodes) {
          if (n.ready(now) && n.used(overhead).plus(p.requests).fitsIn(n.group.allocatable())) {
            n.pods.add(p);
            if (p.running < 0) {
              p.running = now;
              startup.add((double) (now - p.created));
            }
            it.remove();
            break;
          }
        }
      }

      // Scale-up: what is pending and does not fit on nodes still booting.
      List<ModelPod> unhelped = new ArrayList<>();
      Map<ModelNode, Resources> booting = new LinkedHashMap<>();
      for (ModelNode n : nodes) {
        if (!n.ready(now)) {
          booting.put(n, n.used(overhead));
        }
      }
      for (ModelPod p : pending) {
        boolean fits = false;
        for (Map.Entry<ModelNode, Resources> b : booting.entrySet()) {
          Resources after = b.getValue().plus(p.requests);
          if (after.fitsIn(b.getKey().group.allocatable())) {
            b.setValue(after);
            fits = true;
            break;
          }
        }
        if (!fits) {
          unhelped.add(p);
        }
      }
      if (!unhelped.isEmpty()) {
        Group best = null;
        int bestCount = 0;
        double bestWaste = Double.MAX_VALUE;
        for (Group g : groups) {
          Long ice = iceUntil.get(g.key());
          if (ice != null && ice > now) {
            continue;
          }
          List<Resources> binned = binpack(unhelped, g.allocatable(), overhead);
          if (binned.isEmpty()) {
            continue;
          }
          double waste = 0;
          for (Resources used : binned) {
            waste +=
                (1 - used.cpuMillis() / (double) g.allocatable().cpuMillis())
                    + (1 - used.memoryBytes() / (double) g.allocatable().memoryBytes());
          }
          waste /= binned.size();
          if (waste < bestWaste - 1e-9) {
            bestWaste = waste;
            best = g;
            bestCount = binned.size();
          }
        }
        for (int k = 0; best != null && k < bestCount; k++) {
          nodes.add(new ModelNode(best, now));
          launches++;
          decisions.add(
              new BaselineResult.Decision(
                  now,
                  "launch",
                  best.instanceType() + " " + best.capacityType().label() + " (scale-up)",
                  price.get(best.key())));
        }
      }

      // Scale-down: one underused node whose pods fit elsewhere, per scan.
      ModelNode removable = null;
      for (ModelNode n : nodes) {
        if (!n.ready(now)) {
          continue;
        }
        Resources used = n.used(Resources.NONE);
        double utilization =
            Math.max(
                used.cpuMillis() / (double) n.group.allocatable().cpuMillis(),
                used.memoryBytes() / (double) n.group.allocatable().memoryBytes());
        if (utilization >= SCALE_DOWN_UTILIZATION) {
          n.underusedSince = -1;
          continue;
        }
        if (n.underusedSince < 0) {
          n.underusedSince = now;
        }
        if (removable == null
            && now - n.underusedSince >= SCALE_DOWN_UNNEEDED.toSeconds()
            && fitsElsewhere(n, nodes, overhead, now)) {
          removable = n;
        }
      }
      if (removable != null) {
        nodes.remove(removable);
        for (ModelPod p : removable.pods) {
          for (ModelNode other : nodes) {
            if (other.ready(now)
                && other.used(overhead).plus(p.requests).fitsIn(other.group.allocatable())) {
              other.pods.add(p);
              break;
            }
          }
        }
        disruptions += removable.pods.size();
        decisions.add(
            new BaselineResult.Decision(
                now,
                "termination",
                removable.group.key() + " scale-down (" + removable.pods.size() + " pods moved)",
                -price.get(removable.group.key())));
      }

      double rate = 0;
      Map<String, Integer> byType = new TreeMap<>();
      for (ModelNode n : nodes) {
        rate += price.get(n.group.key());
        byType.merge(n.group.instanceType(), 1, Integer::sum);
      }
      long step = Math.min(SCAN.toSeconds(), end - now);
      if (step > 0) {
        dollars += rate * step / 3600;
        for (ModelNode n : nodes) {
          nodeSeconds.merge(n.group.key(), (double) step, Double::sum);
        }
      }
      if (now >= nextSample || now + SCAN.toSeconds() > end) {
        samples.add(new BaselineResult.Sample(now, rate, byType, pending.size(), -1));
        nextSample = now + sampleEvery.toSeconds();
      }
    }
    Map<String, Double> hours = new HashMap<>();
    nodeSeconds.forEach((k, s) -> hours.put(k, s / 3600));
    String names = String.join(", ", groups.stream().map(Group::key).toList());
    return new BaselineResult(
        "cluster-autoscaler",
        "Cluster Autoscaler-like: node groups "
            + (names.isEmpty() ? "(none)" : names)
            + ", least-waste expander",
        dollars,
        hours,
        BaselineResult.Latency.of(startup),
        launches,
        disruptions,
        interruptions,
        pending.size(),
        samples,
        decisions);
  }

  private static void requeue(ModelNode node, List<ModelPod> pending, long now) {
    pending.addAll(node.pods);
  }

  private static boolean fitsElsewhere(
      ModelNode n, List<ModelNode> nodes, Resources overhead, long now) {
    Map<ModelNode, Resources> room = new LinkedHashMap<>();
    for (ModelNode o : nodes) {
      if (o != n && o.ready(now)) {
        room.put(o, o.used(overhead));
      }
    }
    for (ModelPod p : n.pods) {
      boolean placed = false;
      for (Map.Entry<ModelNode, Resources> r : room.entrySet()) {
        Resources after = r.getValue().plus(p.requests);
        if (after.fitsIn(r.getKey().group.allocatable())) {
          r.setValue(after);
          placed = true;
          break;
        }
      }
      if (!placed) {
        return false;
      }
    }
    return true;
  }

  /** First-fit-decreasing of {@code pods} onto empty nodes of one shape; the nodes' usage. */
  private static List<Resources> binpack(
      List<ModelPod> pods, Resources allocatable, Resources overhead) {
    List<ModelPod> sorted = new ArrayList<>(pods);
    sorted.sort(Comparator.comparingLong((ModelPod p) -> p.requests.cpuMillis()).reversed());
    List<Resources> bins = new ArrayList<>();
    for (ModelPod p : sorted) {
      if (!overhead.plus(p.requests).fitsIn(allocatable)) {
        continue; // bigger than this group's nodes
      }
      boolean placed = false;
      for (int i = 0; i < bins.size(); i++) {
        Resources after = bins.get(i).plus(p.requests);
        if (after.fitsIn(allocatable)) {
          bins.set(i, after);
          placed = true;
          break;
        }
      }
      if (!placed) {
        bins.add(overhead.plus(p.requests));
      }
    }
    return bins;
  }

  private Resources declare(HasMetadata o, Map<String, Workload> workloads, Resources daemons) {
    switch (o) {
      case Deployment d -> {
        Workload w =
            workloads.computeIfAbsent(key("Deployment", d.getMetadata()), k -> new Workload());
        Resources requests = requests(d.getSpec().getTemplate().getSpec());
        if (!requests.equals(w.requests)) {
          rollOut(w);
        }
        w.requests = requests;
        w.replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      }
      case Job j -> {
        Workload w = workloads.computeIfAbsent(key("Job", j.getMetadata()), k -> new Workload());
        w.requests = requests(j.getSpec().getTemplate().getSpec());
        w.replicas = j.getSpec().getParallelism() == null ? 1 : j.getSpec().getParallelism();
      }
      case DaemonSet ds -> {
        return daemons.plus(requests(ds.getSpec().getTemplate().getSpec()));
      }
      default -> {}
    }
    return daemons;
  }

  /** A new pod template replaces every pod (a rollout, done at once as the simulated one is). */
  private void rollOut(Workload w) {
    for (ModelPod p : w.pods) {
      pending.remove(p);
      for (ModelNode n : nodes) {
        n.pods.remove(p);
      }
    }
    w.pods.clear();
  }

  private static Workload workload(Map<String, Workload> workloads, Scenario.Ref ref) {
    return workloads.computeIfAbsent(key(ref), k -> new Workload());
  }

  private static String key(Scenario.Ref ref) {
    return ref.kind() + "/" + ref.namespace() + "/" + ref.name();
  }

  private static String key(String kind, io.fabric8.kubernetes.api.model.ObjectMeta meta) {
    return kind
        + "/"
        + Optional.ofNullable(meta.getNamespace()).orElse("default")
        + "/"
        + meta.getName();
  }

  static Resources requests(PodSpec spec) {
    Resources total = Resources.of(0, 0, 1);
    for (Container c : spec.getContainers()) {
      if (c.getResources() != null && c.getResources().getRequests() != null) {
        Map<String, String> text = new HashMap<>();
        for (Map.Entry<String, Quantity> q : c.getResources().getRequests().entrySet()) {
          if (q.getKey().equals("cpu") || q.getKey().equals("memory")) {
            text.put(q.getKey(), q.getValue().toString());
          }
        }
        total = total.plus(Resources.parse(text));
      }
    }
    return total;
  }

  /** The group's price on the simulated backend: its cheapest zone, as the run's instances pay. */
  private double cheapest(PriceBook book, Group g) {
    return types.get(g.instanceType()).offerings().stream()
        .filter(o -> o.capacityType() == g.capacityType())
        .mapToDouble(o -> book.hourly(g.instanceType(), o.zone(), g.capacityType()))
        .min()
        .orElse(0);
  }
}
