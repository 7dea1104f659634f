package dev.dovetail.controllers.deprovisioning;

import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Pod;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's plans for candidate sets of earlier passes, kept while the passes' base snapshot
 * stays equal. The engine is a pure function of its snapshot and options, so a pass whose cluster
 * only changed in ways the snapshot does not see (a status condition, an event, a heartbeat) gets
 * the same plans without solving again. While pods wait for a node, the cluster changes on every
 * pass and consolidation is evaluated every 10 seconds; most of those passes see the same snapshot.
 */
final class PlanMemo {
  /** Plans kept at most: a pass tries up to a few hundred candidate sets. */
  static final int CAPACITY = 1024;

  /**
   * One solve's input beyond the base: the candidates removed (sorted names) and the pods it places
   * (the base's pending pods, then the candidates' pods).
   */
  record Key(List<String> removed, List<Pod> pods) {}

  private Snapshot base;
  private SolveOptions options;
  private Scheduler.Session session;
  private final Map<Key, Plan> plans =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
          return size() > CAPACITY;
        }
      };

  /** The engine session for {@code options}, kept while they stay the same. */
  synchronized Scheduler.Session session(SolveOptions options) {
    if (session == null || !options.equals(this.options)) {
      session = Scheduler.session(options);
      this.options = options;
      plans.clear();
      base = null;
    }
    return session;
  }

  /** Starts a pass over {@code snapshot}: the plans stay if it equals the previous pass's base. */
  synchronized void rebase(Snapshot snapshot) {
    if (!snapshot.equals(base)) {
      plans.clear();
      base = snapshot;
    }
  }

  /** The plan for {@code key}, from memory or from {@code solve}. */
  synchronized Plan plan(Key key, Supplier<Plan> solve) {
    Plan plan = plans.get(key);
    if (plan == null) {
      plan = solve.get();
      plans.put(key, plan);
    }
    return plan;
  }
}
