package dev.nestedreft.api.bench;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Rollout throughput of several layer plans, measured side by side in one process: one engine, every plan warmed
 * up, then the plans timed in interleaved rounds, in reverse order every other round so that a drift in the
 * machine's speed falls on every plan alike. A plan's speed-up is computed within each round (against the full
 * plan's generation of the same round, at most one generation away) and quoted as the median over rounds with its
 * range. A speed-up above the layer ratio L/m is physically impossible (the embedding, head and sampling never
 * shrink) and is flagged as a measurement to distrust. With {@link MachineLimits}, each plan's fraction of the
 * machine's limit ({@link Roofline}). Also the key-value cache's speed-up over recomputing every prefix.
 */
public final class RolloutBenchmark {
  /** The settings of one run. */
  public record Settings(String backend, int sequences, int samplesPerPrompt, int newTokens, int minPrompt,
      int maxPrompt, int rounds, boolean measureKvCache, long seed) {}

  /**
   * One plan's figures.
   *
   * @param tokensPerSecond the median round's tokens/s, with {@code tokensPerSecondSpread} over rounds
   * @param idealSpeedup the FLOP ratio over the full plan
   * @param measuredSpeedup the median over rounds of this plan's tokens/s over the full plan's in the same round
   * @param speedupSpread the per-round speed-ups
   * @param layerBound L/m, the largest speed-up skipping layers can physically give
   * @param loadMs the weight refresh (repacking the plan's weights for the engine) at the depth already loaded, as
   *     a training step does it, over rounds
   * @param rooflineFraction the machine's least time for the generation over the median measured time, or NaN
   *     without machine limits
   */
  public record PlanResult(LayerPlan plan, double tokensPerSecond, Spread tokensPerSecondSpread,
      double idealSpeedup, double measuredSpeedup, Spread speedupSpread, double layerBound, Spread loadMs,
      double rooflineFraction, GenerationStats medianStats) {
    /** Whether the measured speed-up exceeds what skipping layers can give: a noisy measurement. */
    public boolean aboveBound() {
      return measuredSpeedup > layerBound + 1e-9;
    }
  }

  /** Everything measured. */
  public record Result(Settings settings, int[] promptLengths, ImmutableList<PlanResult> plans,
      double kvCacheTokensPerSecond, double recomputeTokensPerSecond, MachineLimits limits) {
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

  /**
   * @param limits measures the machine's limits for the roofline fractions (or gives null for none); called after
   *     the engine is closed, so that its memory and the measurement's do not add up
   */
  public static Result run(Backends backends, ModelSpec spec, WeightSet weights, List<LayerPlan> plans,
      Settings s, BackendOptions options, Supplier<MachineLimits> limits, BufferAllocator allocator,
      Consumer<String> progress) {
    if (s.sequences() % s.samplesPerPrompt() != 0) {
      throw new IllegalArgumentException("sequences must be a multiple of samples per prompt");
    }
    int full = -1;
    for (int p = 0; p < plans.size(); p++) {
      full = plans.get(p).isFull() ? p : full;
    }
    if (full < 0) {
      throw new IllegalArgumentException("the plans must include the full plan: speed-ups are relative to it");
    }
    List<Prompt> prompts = prompts(spec, s);
    int[] lengths = prompts.stream().mapToInt(Prompt::length).toArray();
    SamplingParams params = SamplingParams.sample(s.newTokens(), s.seed()); // no stop tokens: every row runs
    FlopModel flops = new FlopModel(spec);
    double fullFlops = flops.generation(lengths, s.samplesPerPrompt(), s.newTokens(), spec.numHiddenLayers());
    GenerationStats[][] stats = new GenerationStats[plans.size()][s.rounds()];
    double[][] loads = new double[plans.size()][s.rounds()];
    double kv = Double.NaN;
    double recompute = Double.NaN;
    try (RolloutBackend engine = backends.openRollout(s.backend(), spec, allocator, options)) {
      for (int p = 0; p < plans.size(); p++) {
        engine.load(weights, plans.get(p));
        progress.accept("warm-up " + plans.get(p).compact());
        close(engine.generate(prompts, s.samplesPerPrompt(), params));
      }
      for (int round = 0; round < s.rounds(); round++) {
        for (int i = 0; i < plans.size(); i++) {
          int p = round % 2 == 0 ? i : plans.size() - 1 - i;
          engine.load(weights, plans.get(p)); // the switch to this plan (another depth: buffers allocated)
          engine.load(weights, plans.get(p)); // a weight refresh at the same depth, as every training step does
          loads[p][round] = engine.lastLoadNanos() / 1e6;
          close(engine.generate(prompts, s.samplesPerPrompt(), params));
          stats[p][round] = engine.lastStats();
          progress.accept(String.format("round %d/%d, plan %s: %.0f tokens/s", round + 1, s.rounds(),
              plans.get(p).compact(), engine.lastStats().tokensPerSecond()));
        }
      }
      if (s.measureKvCache()) {
        engine.load(weights, spec.fullPlan());
        progress.accept("key-value cache vs recompute, full plan");
        close(engine.generate(prompts, s.samplesPerPrompt(), params, CacheMode.KV_CACHE));
        kv = engine.lastStats().tokensPerSecond();
        close(engine.generate(prompts, s.samplesPerPrompt(), params, CacheMode.RECOMPUTE));
        recompute = engine.lastStats().tokensPerSecond();
      }
    }
    MachineLimits machine = limits.get();
    Roofline roofline = machine == null ? null : new Roofline(spec, machine);
    List<PlanResult> results = new ArrayList<>();
    for (int p = 0; p < plans.size(); p++) {
      LayerPlan plan = plans.get(p);
      double[] tps = new double[s.rounds()];
      double[] ratios = new double[s.rounds()];
      for (int round = 0; round < s.rounds(); round++) {
        tps[round] = stats[p][round].tokensPerSecond();
        ratios[round] = tps[round] / stats[full][round].tokensPerSecond();
      }
      GenerationStats median = median(List.of(stats[p]));
      Spread speedup = Spread.of(ratios);
      double ideal = fullFlops / flops.generation(lengths, s.samplesPerPrompt(), s.newTokens(), plan.size());
      double fraction = roofline == null ? Double.NaN
          : roofline.generationFloorSeconds(lengths, s.samplesPerPrompt(), s.newTokens(), plan.size())
              / (median.totalNanos() / 1e9);
      results.add(new PlanResult(plan, median.tokensPerSecond(), Spread.of(tps), ideal, speedup.median(), speedup,
          spec.numHiddenLayers() / (double) plan.size(), Spread.of(loads[p]), fraction, median));
    }
    return new Result(s, lengths, ImmutableList.copyOf(results), kv, recompute, machine);
  }

  private static GenerationStats median(List<GenerationStats> rounds) {
    List<GenerationStats> sorted = new ArrayList<>(rounds);
    sorted.sort((a, b) -> Long.compare(a.totalNanos(), b.totalNanos()));
    return sorted.get(sorted.size() / 2);
  }

  private static void close(RolloutBatch batch) {
    batch.close();
  }
}
