package dev.dovetail.sim.provisioning;

/** {@link LeaderFailoverEndToEndSuite} on {@code EmbeddedKubeApi}. */
class LeaderFailoverEndToEndTest extends LeaderFailoverEndToEndSuite {}
