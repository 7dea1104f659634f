package dev.dovetail.sim.provisioning;

import dev.dovetail.sim.testing.RealKubeApi;

/** {@link ProvisioningEndToEndSuite} on a real etcd and kube-apiserver. */
@RealKubeApi
class ProvisioningOnRealKubeApiTest extends ProvisioningEndToEndSuite {}
