/** Fakes for controller tests (exported in the controller test-jar): clock and scheduler. */
package dev.dovetail.testing.fake;
