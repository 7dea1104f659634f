package dev.dovetail.plan;

import java.util.List;
import java.util.Map;

/**
 * What {@code dovetail plan} prints for one set of manifests, as plain data for table, JSON and
 * YAML output.
 *
 * @param source the directory or files planned
 * @param region the catalog region
 * @param catalog where instance types and prices came from
 * @param pods pending pods read from the workloads
 * @param nodes new nodes, in plan order
 * @param existingNodes pods planned onto nodes the cluster already has (given as Node manifests or
 *     read from the cluster), by node
 * @param unschedulable pods that fit nowhere, with reasons
 * @param costPerHour the plan's $/h (cheapest candidate of each node)
 * @param lowerBound no plan for the same pods costs less
 * @param boundRatio cost over bound
 * @param packing the packing that produced the plan
 * @param firstFitCostPerHour what plain first-fit-decreasing would cost
 * @param firstFitNodes how many nodes first-fit-decreasing would launch
 * @param warnings things the reader should know (skipped objects, missing templates)
 * @param skipped workloads and daemonsets left out of the plan because they could not be read;
 *     their pods were not planned
 */
public record PlanReport(
    String source,
    String region,
    String catalog,
    int pods,
    List<NodeReport> nodes,
    List<ExistingNodeReport> existingNodes,
    List<UnschedulableReport> unschedulable,
    double costPerHour,
    double lowerBound,
    double boundRatio,
    String packing,
    double firstFitCostPerHour,
    int firstFitNodes,
    List<String> warnings,
    List<String> skipped) {

  /**
   * One new node.
   *
   * @param provisioner the Provisioner it comes from
   * @param instanceType the cheapest candidate
   * @param pricePerHour its price
   * @param capacityType the cheapest candidate's capacity type
   * @param zones zones it may launch in
   * @param capacityTypes capacity types it may be bought as
   * @param requests pods' requests plus daemonset overhead
   * @param pods the pods planned for it
   * @param explanation why these types
   * @param candidates every fitting type, cheapest first
   * @param requirements what the launched node satisfies, one {@code key Operator [values]} per
   *     label: the Provisioner's requirements and the pods' selectors narrowed to the zones,
   *     capacity types, architectures, operating systems and instance types it may launch as
   */
  public record NodeReport(
      String provisioner,
      String instanceType,
      double pricePerHour,
      String capacityType,
      List<String> zones,
      List<String> capacityTypes,
      Map<String, String> requests,
      List<String> pods,
      String explanation,
      List<CandidateReport> candidates,
      List<String> requirements) {}

  /**
   * Pods planned onto one node that already exists (or is being launched).
   *
   * @param node the node's name
   * @param pods the pods, {@code namespace/name}
   */
  public record ExistingNodeReport(String node, List<String> pods) {}

  /**
   * One candidate type at its cheapest allowed offering.
   *
   * @param instanceType the type
   * @param pricePerHour USD per hour
   * @param zone the offering's zone
   * @param capacityType spot or on-demand
   */
  public record CandidateReport(
      String instanceType, double pricePerHour, String zone, String capacityType) {}

  /**
   * A pod that cannot be placed.
   *
   * @param pod namespace/name
   * @param reason what eliminated every option
   */
  public record UnschedulableReport(String pod, String reason) {}
}
