package io.github.bsdtalk.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the benchmark JVM's CPU time per operation ({@code cpu.time.norm}, ns/op) next to JMH's
 * wall-clock score.
 *
 * <p>The machine these benchmarks run on has two cores shared with other jobs, so a benchmark thread
 * is often descheduled and the wall-clock score grows with the load. CPU time only counts the time
 * this JVM actually ran, so it moves much less with the load. It covers the whole process: the
 * benchmark thread, but also GC work the benchmark causes (a real cost of allocating), and the
 * mostly idle JMH and JIT threads. Use it as {@code -prof io.github.bsdtalk.benchmarks.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long cpuAtStart;

  /** Creates the profiler; JMH calls this once per forked JVM. */
  public CpuTimeProfiler() {}

  @Override
  public String getDescription() {
    return "process CPU time per operation (robust to a loaded machine)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuAtStart = OS.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    long ops = result.getMetadata().getAllOps();
    double perOp = ops == 0 ? Double.NaN : (double) cpu / ops;
    return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
  }
}
