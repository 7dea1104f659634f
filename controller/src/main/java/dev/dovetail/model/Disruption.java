package dev.dovetail.model;

import java.time.Duration;

/**
 * When the nodes of a pool are removed.
 *
 * @param consolidationEnabled replace or remove nodes whose pods fit elsewhere more cheaply
 * @param ttlAfterEmpty delete a node this long after it became empty; null = never
 * @param expireAfter replace a node this long after it was created; null = never
 */
public record Disruption(
    boolean consolidationEnabled, Duration ttlAfterEmpty, Duration expireAfter) {}
