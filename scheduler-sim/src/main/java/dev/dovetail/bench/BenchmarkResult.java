package dev.dovetail.bench;

/**
 * The figures of one benchmark case.
 *
 * @param name the case
 * @param pods pods in the workload
 * @param msPerSolve median wall-clock milliseconds of one full solve
 * @param cpuMsPerSolve median CPU milliseconds of the solving thread
 * @param podsPerSecond pods divided by the median wall-clock time
 * @param nodes new nodes planned
 * @param scheduled pods placed
 * @param costPerHour the plan's $/h
 * @param lowerBound the plan's lower bound, $/h
 * @param boundRatio cost over bound
 * @param firstFitCostPerHour plain first-fit-decreasing's $/h
 * @param firstFitNodes plain first-fit-decreasing's node count
 * @param packing which packing the plan used
 * @param check "ok" or what failed (pods unscheduled, wrong node count)
 */
public record BenchmarkResult(
    String name,
    int pods,
    double msPerSolve,
    double cpuMsPerSolve,
    double podsPerSecond,
    int nodes,
    int scheduled,
    double costPerHour,
    double lowerBound,
    double boundRatio,
    double firstFitCostPerHour,
    int firstFitNodes,
    String packing,
    String check) {}
