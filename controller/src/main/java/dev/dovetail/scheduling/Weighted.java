package dev.dovetail.scheduling;

/**
 * A preferred term and its weight (1..100); heavier preferences are kept longer when relaxing.
 *
 * @param weight the preference weight
 * @param term the node selector term or pod affinity term
 */
public record Weighted<T>(int weight, T term) {}
