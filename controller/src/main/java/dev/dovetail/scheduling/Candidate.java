package dev.dovetail.scheduling;

/**
 * One instance type a planned node could be, at its cheapest allowed, available offering.
 *
 * @param instanceType the type name
 * @param pricePerHour USD per hour of that offering
 * @param zone the offering's zone
 * @param capacityType the offering's capacity type
 */
public record Candidate(
    String instanceType, double pricePerHour, String zone, CapacityType capacityType) {}
