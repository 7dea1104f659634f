package dev.dovetail.sim.simulate;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.runtime.TaskScheduler;
import dev.dovetail.scheduling.CapacityType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

/**
 * EC2 taking spot capacity back, with the two-minute warning: the interruption warning of each
 * reclaimed instance goes to the simulated SQS interruption queue, where the daemon's interruption
 * controller reads it (it launches replacements, then drains the node), and EC2 terminates the
 * instance {@link SimulatedAws#SPOT_NOTICE} later if it still runs.
 *
 * <p>An event naming one pool (instance type and zone) with a share of 1 is {@link
 * SimulatedAws#reclaimSpot(String, String)}: every spot instance of the pool, and the pool has no
 * capacity left. Otherwise {@code share} of the running spot instances matching the filter (rounded
 * up, at least one when any match) are chosen with the run's seeded random and warned the same way.
 */
final class SpotReclaimer {
  private final SimulatedAws aws;
  private final TaskScheduler scheduler;
  private final Random random;

  SpotReclaimer(SimulatedAws aws, TaskScheduler scheduler, Random random) {
    this.aws = aws;
    this.scheduler = scheduler;
    this.random = random;
  }

  /** Reclaims instances per {@code event}; returns their ids. */
  List<String> reclaim(Scenario.SpotInterruption event) {
    if (event.share() >= 1 && event.instanceType().isPresent() && event.zone().isPresent()) {
      return aws.reclaimSpot(event.instanceType().get(), event.zone().get());
    }
    List<SimulatedAws.Instance> pool = new ArrayList<>();
    for (SimulatedAws.Instance i : aws.liveInstances()) {
      if (i.capacityType() == CapacityType.SPOT
          && event.instanceType().map(i.instanceType()::equals).orElse(true)
          && event.zone().map(i.zone()::equals).orElse(true)) {
        pool.add(i);
      }
    }
    pool.sort(Comparator.comparing(SimulatedAws.Instance::id));
    int count = (int) Math.ceil(pool.size() * event.share());
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < count && !pool.isEmpty(); k++) {
      ids.add(pool.remove(random.nextInt(pool.size())).id());
    }
    ids.forEach(aws::emitSpotInterruption);
    if (!ids.isEmpty()) {
      scheduler.schedule(SimulatedAws.SPOT_NOTICE, () -> terminateRunning(ids));
    }
    return ids;
  }

  /** EC2 takes back the warned instances that Dovetail has not terminated itself. */
  private void terminateRunning(List<String> ids) {
    List<String> running =
        aws.liveInstances().stream().map(SimulatedAws.Instance::id).filter(ids::contains).toList();
    if (!running.isEmpty()) {
      aws.ec2()
          .terminateInstances(TerminateInstancesRequest.builder().instanceIds(running).build());
    }
  }
}
