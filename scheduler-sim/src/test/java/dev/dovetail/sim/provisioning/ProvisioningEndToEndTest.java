package dev.dovetail.sim.provisioning;

/** {@link ProvisioningEndToEndSuite} on {@code EmbeddedKubeApi}. */
class ProvisioningEndToEndTest extends ProvisioningEndToEndSuite {}
