package dev.nestedreft.api.bench;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Forward-pass latency of several backends and plans, measured side by side in one process. Backends are
 * measured one after the other (so one backend's worker threads never compete with another's), and within a
 * backend the plans are timed in interleaved rounds after a warm-up, so that machine noise falls on every plan
 * alike and the speed-up ratios between plans are fair. Reports the median and the minimum per pair.
 */
public final class ForwardBenchmark {
  /** One backend and plan's timings in milliseconds per forward pass. */
  public record Result(String backend, LayerPlan plan, double medianMs, double minMs, int iterations) {}

  private ForwardBenchmark() {}

  /**
   * How much faster {@code result} ran than the full plan of its backend among {@code results}: the full plan's
   * median over {@code result}'s; NaN when {@code results} hold no full plan for that backend.
   */
  public static double speedupOverFull(List<Result> results, Result result) {
    double full = results.stream().filter(r -> r.backend().equals(result.backend()) && r.plan().isFull())
        .mapToDouble(Result::medianMs).findFirst().orElse(Double.NaN);
    return full / result.medianMs();
  }

  public static ImmutableList<Result> run(Backends backends, List<String> names, ModelSpec spec, WeightSet weights,
      TokenBatch tokens, List<LayerPlan> plans, BackendOptions options, int warmup, int iterations) {
    List<ForwardBackend> opened = new ArrayList<>();
    try {
      for (String name : names) {
        opened.add(backends.open(name, spec, weights, options));
      }
      int pairs = opened.size() * plans.size();
      long[][] nanos = new long[pairs][iterations];
      int first = 0;
      for (ForwardBackend backend : opened) {
        for (int w = 0; w < warmup; w++) {
          for (LayerPlan plan : plans) {
            backend.logits(tokens, plan);
          }
        }
        for (int it = 0; it < iterations; it++) {
          for (int p = 0; p < plans.size(); p++) {
            long start = System.nanoTime();
            backend.logits(tokens, plans.get(p));
            nanos[first + p][it] = System.nanoTime() - start;
          }
        }
        first += plans.size();
      }
      List<Result> out = new ArrayList<>();
      int pair = 0;
      for (ForwardBackend backend : opened) {
        for (LayerPlan plan : plans) {
          long[] sorted = nanos[pair++].clone();
          Arrays.sort(sorted);
          out.add(new Result(backend.name(), plan, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, iterations));
        }
      }
      return ImmutableList.copyOf(out);
    } finally {
      opened.forEach(ForwardBackend::close);
    }
  }
}
