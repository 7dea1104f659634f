/**
 * Fakes for controller tests (exported in the controller test-jar): clock, scheduler, events, cloud
 * provider.
 */
package dev.dovetail.testing.fake;
