package dev.nestedreft.api.bench;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollout throughput of several layer plans, measured side by side in one process: one engine, every plan warmed
 * up, then the plans timed in interleaved rounds (the median round counts). Also the key-value cache's speed-up
 * over recomputing every prefix, on the full plan.
 */
public final class RolloutBenchmark {
  /** The settings of one run. */
  public record Settings(String backend, int sequences, int samplesPerPrompt, int newTokens, int minPrompt,
      int maxPrompt, int rounds, boolean measureKvCache, long seed) {}

  /** One plan's figures. */
  public record PlanResult(LayerPlan plan, double tokensPerSecond, double idealSpeedup, double measuredSpeedup,
      double loadMs, GenerationStats medianStats) {}

  /** Everything measured. */
  public record Result(Settings settings, int[] promptLengths, ImmutableList<PlanResult> plans,
      double kvCacheTokensPerSecond, double recomputeTokensPerSecond) {
    public double kvCacheSpeedup() {
      return kvCacheTokensPerSecond / recomputeTokensPerSecond;
    }
  }

  private RolloutBenchmark() {}

  /** The benchmark's prompts: random tokens, lengths uniform in {@code [minPrompt, maxPrompt]}, seeded. */
  public static List<Prompt> prompts(ModelSpec spec, Settings s) {
    SplittableRandom random = new SplittableRandom(s.seed());
    int count = s.sequences() / s.samplesPerPrompt();
    List<Prompt> out = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      int[] tokens = new int[s.minPrompt() + random.nextInt(s.maxPrompt() - s.minPrompt() + 1)];
      for (int t = 0; t < tokens.length; t++) {
        tokens[t] = random.nextInt(spec.vocabSize());
      }
      out.add(new Prompt(p, tokens));
    }
    return out;
  }

  public static Result run(Backends backends, ModelSpec spec, WeightSet weights, List<LayerPlan> plans,
      Settings s, BackendOptions options, BufferAllocator allocator, Consumer<String> progress) {
    if (s.sequences() % s.samplesPerPrompt() != 0) {
      throw new IllegalArgumentException("sequences must be a multiple of samples per prompt");
    }
    List<Prompt> prompts = prompts(spec, s);
    int[] lengths = prompts.stream().mapToInt(Prompt::length).toArray();
    SamplingParams params = SamplingParams.sample(s.newTokens(), s.seed()); // no stop tokens: every row runs
    FlopModel flops = new FlopModel(spec);
    double fullFlops = flops.generation(lengths, s.samplesPerPrompt(), s.newTokens(), spec.numHiddenLayers());
    try (RolloutBackend engine = backends.openRollout(s.backend(), spec, allocator, options)) {
      for (int p = 0; p < plans.size(); p++) {
        engine.load(weights, plans.get(p));
        progress.accept("warm-up " + plans.get(p).compact());
        close(engine.generate(prompts, s.samplesPerPrompt(), params));
      }
      List<List<GenerationStats>> stats = new ArrayList<>();
      List<List<Long>> loads = new ArrayList<>();
      plans.forEach(p -> {
        stats.add(new ArrayList<>());
        loads.add(new ArrayList<>());
      });
      for (int round = 0; round < s.rounds(); round++) {
        for (int p = 0; p < plans.size(); p++) {
          engine.load(weights, plans.get(p)); // a weight refresh, as every training step does
          loads.get(p).add(engine.lastLoadNanos());
          close(engine.generate(prompts, s.samplesPerPrompt(), params));
          stats.get(p).add(engine.lastStats());
          progress.accept(String.format("round %d/%d, plan %s: %.0f tokens/s", round + 1, s.rounds(),
              plans.get(p).compact(), engine.lastStats().tokensPerSecond()));
        }
      }
      List<PlanResult> results = new ArrayList<>();
      double fullTps = Double.NaN;
      for (int p = 0; p < plans.size(); p++) {
        GenerationStats median = median(stats.get(p));
        double tps = median.tokensPerSecond();
        if (plans.get(p).isFull()) {
          fullTps = tps;
        }
        double ideal = fullFlops / flops.generation(lengths, s.samplesPerPrompt(), s.newTokens(), plans.get(p).size());
        List<Long> sortedLoads = loads.get(p).stream().sorted().toList();
        double loadMs = sortedLoads.get(sortedLoads.size() / 2) / 1e6;
        results.add(new PlanResult(plans.get(p), tps, ideal, Double.NaN, loadMs, median));
      }
      double full = fullTps;
      List<PlanResult> withSpeedup = results.stream().map(r -> new PlanResult(r.plan(), r.tokensPerSecond(),
          r.idealSpeedup(), r.tokensPerSecond() / full, r.loadMs(), r.medianStats())).toList();
      double kv = Double.NaN;
      double recompute = Double.NaN;
      if (s.measureKvCache()) {
        engine.load(weights, spec.fullPlan());
        progress.accept("key-value cache vs recompute, full plan");
        close(engine.generate(prompts, s.samplesPerPrompt(), params, CacheMode.KV_CACHE));
        kv = engine.lastStats().tokensPerSecond();
        close(engine.generate(prompts, s.samplesPerPrompt(), params, CacheMode.RECOMPUTE));
        recompute = engine.lastStats().tokensPerSecond();
      }
      return new Result(s, lengths, ImmutableList.copyOf(withSpeedup), kv, recompute);
    }
  }

  private static GenerationStats median(List<GenerationStats> rounds) {
    List<GenerationStats> sorted = new ArrayList<>(rounds);
    sorted.sort((a, b) -> Long.compare(a.totalNanos(), b.totalNanos()));
    return sorted.get(sorted.size() / 2);
  }

  private static void close(RolloutBatch batch) {
    batch.close();
  }

  /** Peak resident memory of this process in MiB (Linux {@code VmHWM}), or -1 where unknown. */
  public static double peakResidentMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
