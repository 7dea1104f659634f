package dev.dovetail.bench.jmh;

import dev.dovetail.bench.BenchmarkWorkloads;
import dev.dovetail.scheduling.Plan;
import dev.dovetail.scheduling.Snapshot;
import dev.dovetail.scheduling.SolveOptions;
import dev.dovetail.scheduling.solver.Scheduler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH harness for the same cases as {@code dovetail bench}, for profiling. Run with {@code java -cp
 * <scheduler-sim class path> org.openjdk.jmh.Main SchedulingJmh} (add {@code -prof gc} or {@code
 * -prof stack} to profile). Each invocation is one full solve.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m"})
public class SchedulingJmh {
  @Param({"1", "50", "100", "500", "1000", "2000", "5000", "10000", "20000"})
  public int pods;

  private Snapshot diverse;
  private Snapshot preferences;
  private Snapshot anchor;

  @Setup
  public void setUp() {
    diverse = BenchmarkWorkloads.diverse(pods, 42);
    if (pods == 1) {
      preferences = BenchmarkWorkloads.preferences(4000, 42);
      anchor = BenchmarkWorkloads.clusterAutoscalerAnchor();
    }
  }

  @Benchmark
  public Plan diverse() {
    return Scheduler.solve(diverse);
  }

  /** The 4000-pod preference set, preferences respected (runs once, under pods=1). */
  @Benchmark
  public Plan respectPreferences() {
    return pods == 1 ? Scheduler.solve(preferences) : null;
  }

  @Benchmark
  public Plan ignorePreferences() {
    return pods == 1
        ? Scheduler.solve(preferences, SolveOptions.DEFAULT.ignoringPreferences())
        : null;
  }

  @Benchmark
  public Plan clusterAutoscalerAnchor() {
    return pods == 1 ? Scheduler.solve(anchor) : null;
  }
}
