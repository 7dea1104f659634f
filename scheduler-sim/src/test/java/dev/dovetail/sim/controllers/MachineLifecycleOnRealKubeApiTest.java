package dev.dovetail.sim.controllers;

import dev.dovetail.sim.testing.RealKubeApi;

/** {@link MachineLifecycleEndToEndSuite} on a real etcd and kube-apiserver. */
@RealKubeApi
class MachineLifecycleOnRealKubeApiTest extends MachineLifecycleEndToEndSuite {}
