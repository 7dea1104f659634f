package dev.dovetail.sim.simulate;

import dev.dovetail.aws.simulated.SimulatedAws;
import dev.dovetail.scheduling.CapacityType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;

/**
 * EC2 taking spot capacity back: picks {@code share} of the running spot instances of a pool
 * (rounded up, at least one when any match) with the run's seeded random, and terminates them
 * through the simulated EC2 API. The controllers then see the instances gone, as after an
 * interruption they were not warned of.
 */
final class SpotReclaimer {
  private final SimulatedAws aws;
  private final Random random;

  SpotReclaimer(SimulatedAws aws, Random random) {
    this.aws = aws;
    this.random = random;
  }

  /** Reclaims instances per {@code event}; returns their ids. */
  List<String> reclaim(Scenario.SpotInterruption event) {
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
    if (!ids.isEmpty()) {
      aws.ec2().terminateInstances(TerminateInstancesRequest.builder().instanceIds(ids).build());
    }
    return ids;
  }
}
