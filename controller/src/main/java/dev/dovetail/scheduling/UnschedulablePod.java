package dev.dovetail.scheduling;

/**
 * A pod the plan cannot place, and why, in words a user can act on.
 *
 * @param pod {@code namespace/name}
 * @param reason what eliminated every existing node and every node pool
 */
public record UnschedulablePod(String pod, String reason) {}
