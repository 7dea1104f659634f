package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.api.disruption.DisruptionBudgets;
import dev.dovetail.controllers.provisioning.ClusterReads;
import dev.dovetail.controllers.provisioning.ClusterSnapshot;
import dev.dovetail.controllers.provisioning.SnapshotBuilder;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.WellKnownLabels;
import dev.dovetail.state.ClusterState;
import dev.dovetail.state.PodPredicates;
import dev.dovetail.state.StateNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a pass's {@link Evaluation} from cluster state and the API reads. */
public final class Evaluator {
  private static final Logger LOG = LoggerFactory.getLogger("controller.deprovisioning");

  private final ClusterReads reads;
  private final ClusterState state;
  private final SnapshotBuilder snapshots;
  private final Supplier<List<PodDisruptionBudget>> pdbs;
  private final SolveOptions options;
  private final Clock clock;
  private final PlanMemo plans = new PlanMemo();

  public Evaluator(
      ClusterReads reads,
      ClusterState state,
      SnapshotBuilder snapshots,
      Supplier<List<PodDisruptionBudget>> pdbs,
      SolveOptions options,
      Clock clock) {
    this.reads = reads;
    this.state = state;
    this.snapshots = snapshots;
    this.pdbs = pdbs;
    this.options = options;
    this.clock = clock;
  }

  ClusterState state() {
    return state;
  }

  public Evaluation evaluate(Instant now, EventRecorder events) {
    List<StateNode> nodes = state.nodes();
    List<Pod> pods = reads.pods();
    ClusterSnapshot base =
        snapshots
            .build(reads.provisioners(), nodes, pods, state.daemonSets())
            .withNamespaceLabels(reads.namespaceLabels());
    Map<String, Pod> byKey = new HashMap<>();
    for (Pod p : pods) {
      byKey.put(PodPredicates.key(p), p);
    }
    Map<String, NodePool> pools = new HashMap<>();
    for (NodePool p : base.snapshot().nodePools()) {
      pools.put(p.name(), p);
    }
    PriceIndex prices = new PriceIndex(base.snapshot().nodePools());
    List<CandidateNode> eligible = Candidates.eligible(nodes, byKey, base.pools(), prices, now);
    PdbIndex pdbIndex = new PdbIndex(pdbs.get());
    Budgets budgets = budgets(base, nodes, now);
    Evaluation evaluation =
        new Evaluation(
            now,
            clock,
            List.of(),
            new Simulation(base, snapshots, options, plans),
            new PriceRules(prices, pools),
            budgets,
            pools,
            events);
    List<CandidateNode> unblocked = new ArrayList<>();
    for (CandidateNode c : eligible) {
      List<Pod> onNode = new ArrayList<>();
      for (String key : c.state().pods()) {
        Optional.ofNullable(byKey.get(key)).ifPresent(onNode::add);
      }
      Optional<String> block = Candidates.blockReason(c, onNode, pdbIndex);
      if (block.isPresent()) {
        evaluation.blocked(c, block.get());
      } else {
        unblocked.add(c);
      }
    }
    Evaluation result =
        new Evaluation(
            now,
            clock,
            unblocked,
            evaluation.simulation(),
            evaluation.priceRules(),
            budgets,
            pools,
            events);
    evaluation.findings().forEach(result::addFinding);
    return result;
  }

  private static Budgets budgets(ClusterSnapshot base, List<StateNode> nodes, Instant now) {
    Map<String, DisruptionBudgets> budgets = new HashMap<>();
    base.pools()
        .forEach(
            (name, provisioner) -> {
              DisruptionBudgets b =
                  DisruptionBudgets.of(provisioner.getMetadata().getAnnotations());
              if (!b.problems().isEmpty()) {
                LOG.atError()
                    .addKeyValue("provisioner", name)
                    .log(
                        "invalid "
                            + DisruptionBudgets.ANNOTATION
                            + " annotation, using the default budget (nodes: 10%)");
                b = DisruptionBudgets.parse("[]");
              }
              budgets.put(name, b);
            });
    Map<String, Integer> totals = new HashMap<>();
    Map<String, Integer> disrupting = new HashMap<>();
    for (StateNode n : nodes) {
      // A Machine still terminating after its Node went counts as disrupting.
      String owner =
          n.node()
              .map(x -> x.getMetadata().getLabels())
              .or(() -> n.machine().map(m -> m.getMetadata().getLabels()))
              .map(l -> l.get(WellKnownLabels.PROVISIONER_NAME))
              .orElse(null);
      if (owner == null) {
        continue;
      }
      totals.merge(owner, 1, Integer::sum);
      if (n.isDeleting() || CommandRecord.isMarked(n)) {
        disrupting.merge(owner, 1, Integer::sum);
      }
    }
    return new Budgets(budgets, totals, disrupting, now);
  }
}
