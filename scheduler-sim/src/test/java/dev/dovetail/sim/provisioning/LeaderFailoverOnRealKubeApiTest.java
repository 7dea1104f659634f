package dev.dovetail.sim.provisioning;

import dev.dovetail.sim.testing.RealKubeApi;

/** {@link LeaderFailoverEndToEndSuite} on a real etcd and kube-apiserver. */
@RealKubeApi
class LeaderFailoverOnRealKubeApiTest extends LeaderFailoverEndToEndSuite {}
