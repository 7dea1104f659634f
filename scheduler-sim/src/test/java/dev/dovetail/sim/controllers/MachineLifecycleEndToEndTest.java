package dev.dovetail.sim.controllers;

/** {@link MachineLifecycleEndToEndSuite} on {@code EmbeddedKubeApi}. */
class MachineLifecycleEndToEndTest extends MachineLifecycleEndToEndSuite {}
