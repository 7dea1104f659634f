package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.events.Event;
import dev.dovetail.events.EventRecorder;
import dev.dovetail.scheduling.NodePool;
import dev.dovetail.scheduling.Resources;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deprovisioning pass's view of the cluster, shared by the methods: the candidates after
 * upstream's filters, the simulation, the price rules, the disruption budgets, and where findings
 * (blocked and unconsolidatable nodes) are reported.
 */
public final class Evaluation {
  private final Instant now;
  private final Clock clock;
  private final List<CandidateNode> candidates;
  private final Simulation simulation;
  private final PriceRules priceRules;
  private final Budgets budgets;
  private final Map<String, NodePool> pools;
  private final EventRecorder events;
  private final List<Finding> findings = new ArrayList<>();
  private List<CandidateNode> consolidatable;
  private MoveBound moveBound;

  /**
   * Something a pass noticed about a node without acting on it.
   *
   * @param node the node name
   * @param reason the event reason ({@code DeprovisioningBlocked}, {@code Unconsolidatable})
   * @param message the event message
   */
  public record Finding(String node, String reason, String message) {}

  Evaluation(
      Instant now,
      Clock clock,
      List<CandidateNode> candidates,
      Simulation simulation,
      PriceRules priceRules,
      Budgets budgets,
      Map<String, NodePool> pools,
      EventRecorder events) {
    this.now = now;
    this.clock = clock;
    this.candidates = List.copyOf(candidates);
    this.simulation = simulation;
    this.priceRules = priceRules;
    this.budgets = budgets;
    this.pools = Map.copyOf(pools);
    this.events = events;
  }

  public Instant now() {
    return now;
  }

  Clock clock() {
    return clock;
  }

  /** Every candidate that passed the filters, cheapest to disrupt first. */
  public List<CandidateNode> candidates() {
    return candidates;
  }

  /** The candidates consolidation may act on; the others get an {@code Unconsolidatable} event. */
  List<CandidateNode> consolidatable() {
    if (consolidatable == null) {
      List<CandidateNode> ok = new ArrayList<>();
      for (CandidateNode c : candidates) {
        Optional<String> block = Candidates.consolidationBlock(c);
        if (block.isEmpty()) {
          ok.add(c);
        } else if (c.consolidationEnabled()) {
          unconsolidatable(
              c, block.get() + ", keeping a node that costs " + Money.perHour(c.pricePerHour()));
        }
      }
      consolidatable = List.copyOf(ok);
    }
    return consolidatable;
  }

  Simulation.Result simulate(List<CandidateNode> nodes) {
    return simulation.simulate(nodes);
  }

  /** What a candidate's pod requests, parsed once per pod object. */
  Resources requestsOf(io.fabric8.kubernetes.api.model.Pod pod) {
    return simulation.requestsOf(pod);
  }

  /** The pass's quick test of whether a set of candidates could move at all. */
  MoveBound moveBound() {
    if (moveBound == null) {
      moveBound = new MoveBound(simulation.base().snapshot(), simulation::requestsOf);
    }
    return moveBound;
  }

  Simulation simulation() {
    return simulation;
  }

  PriceRules priceRules() {
    return priceRules;
  }

  Budgets budgets() {
    return budgets;
  }

  Map<String, NodePool> pools() {
    return pools;
  }

  void unconsolidatable(CandidateNode c, String reason) {
    findings.add(new Finding(c.name(), DeprovisioningEvents.UNCONSOLIDATABLE, reason));
    events.publish(DeprovisioningEvents.unconsolidatable(c.node(), reason));
    events.publish(DeprovisioningEvents.unconsolidatable(c.machine(), reason));
  }

  void blocked(CandidateNode c, String reason) {
    Event event = DeprovisioningEvents.blocked(c.node(), reason);
    findings.add(new Finding(c.name(), event.reason(), event.message()));
    events.publish(event);
    events.publish(DeprovisioningEvents.blocked(c.machine(), reason));
  }

  /** What the pass noticed, in order. */
  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  void addFinding(Finding finding) {
    findings.add(finding);
  }
}
