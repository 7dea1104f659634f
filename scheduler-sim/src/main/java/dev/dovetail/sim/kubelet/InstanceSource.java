package dev.dovetail.sim.kubelet;

import java.util.List;

/**
 * The instances that are running now, for example the simulated EC2 backend's. An instance that is
 * no longer listed has terminated.
 */
@FunctionalInterface
public interface InstanceSource {
  List<LaunchedInstance> runningInstances();
}
