package dev.dovetail.controllers.provisioning;

import dev.dovetail.api.v1alpha5.Provisioner;

/**
 * Where a provisioning pass reports a Provisioner it could not plan with (invalid, or its pool
 * failed to build), so that its owner sees it while the pass goes on with the others.
 */
public interface PoolReports {
  /** Reports nothing; the pass still skips the Provisioner and logs it. */
  PoolReports NONE =
      new PoolReports() {
        @Override
        public void failed(Provisioner provisioner, String message) {}

        @Override
        public void built(Provisioner provisioner) {}
      };

  /** {@code provisioner} was left out of the pass; {@code message} names the field and rule. */
  void failed(Provisioner provisioner, String message);

  /** {@code provisioner}'s pool was built. */
  void built(Provisioner provisioner);
}
