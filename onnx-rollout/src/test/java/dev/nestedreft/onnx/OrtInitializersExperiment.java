package dev.nestedreft.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.management.OperatingSystemMXBean;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An experiment, not a check (docs/experiments/ort-initializers.md): decode steps of the decode graph with the
 * weights as graph inputs (what the engine does) against the same graph with the weights as external initializers
 * (ONNX Runtime pre-packs them for its MatMul kernels at session creation), and the same with pre-packing disabled.
 * Runs only with {@code -Dnestedreft.experiment=true}; {@code -Dnestedreft.experiment.preset} picks the model
 * shapes (default {@code qwen2.5-0.5b-shape}), {@code -Dnestedreft.experiment.rounds} the rounds (default 3).
 *
 * <pre>
 * nice -n 19 mvn -B -o -q -pl onnx-rollout -am test -Dtest=OrtInitializersExperiment \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnestedreft.experiment=true
 * </pre>
 */
@Tag("slow")
@Tag("native")
class OrtInitializersExperiment {
  private static final int PROMPT_LENGTH = 8;
  private static final int SAMPLES = 8;
  private static final int NEW_TOKENS = 16;
  /**
   * a: weights as inputs (the engine today); b: external initializers; c: b without pre-packing; d: b at the basic
   * graph optimization level instead of all; e: c without graph optimizations; f: b without graph optimizations.
   */
  private static final List<String> VARIANTS =
      List.of(System.getProperty("nestedreft.experiment.variants", "a,b,c,d").split(","));

  @Test
  void initializerWeightsAgainstInputWeights() throws Exception {
    assumeTrue(Boolean.getBoolean("nestedreft.experiment"), "an experiment: run with -Dnestedreft.experiment=true");
    ModelSpec spec = ModelPresets.get(System.getProperty("nestedreft.experiment.preset", "qwen2.5-0.5b-shape"));
    int rounds = Integer.getInteger("nestedreft.experiment.rounds", 3);
    BackendOptions options = BackendOptions.DEFAULT;
    int slots = spec.numHiddenLayers();
    log("preset %s: %d layers, hidden %d, vocab %d; %d intra-op threads; RSS %.0f MiB", spec.vocabSize() == 151936
        ? "qwen2.5-0.5b-shape" : "other", slots, spec.hiddenSize(), spec.vocabSize(), options.intraOpThreads(), rss());
    ExecutorService pool = Executors.newFixedThreadPool(options.intraOpThreads());
    try (RootAllocator root = new RootAllocator();
        PackedWeights packed = PackedWeights.allocate(spec, slots, root)) {
      try (WeightSet weights = WeightInitializer.initialize(spec, 7, root)) {
        long t = System.nanoTime();
        packed.fill(spec, weights, spec.fullPlan(), pool);
        log("packed the weights in %.0f ms; RSS %.0f MiB", ms(System.nanoTime() - t), rss());
      }
      Map<String, OnnxTensorLike> external = new LinkedHashMap<>(packed.inputs());
      ModelProto inputsGraph = OnnxDecodeGraph.build(spec, slots, "experiment");
      ModelProto initGraph = OnnxDecodeGraph.withWeightInitializers(inputsGraph, packed.inputs().keySet());
      OrtEnvironment env = OrtEnvironment.getEnvironment();

      double rssBefore = rss();
      long cpuBefore = cpuNanos();
      long t = System.nanoTime();
      OrtSession inputs;
      try (OrtSession.SessionOptions so = OrtSessions.options(options)) {
        inputs = env.createSession(inputsGraph.toByteArray(), so);
      }
      log("(a) weights as inputs: session built in %.0f ms wall, %.0f ms process CPU, RSS +%.0f MiB",
          ms(System.nanoTime() - t), ms(cpuNanos() - cpuBefore), rss() - rssBefore);
      List<Prompt> prompts = List.of(new Prompt(1, randomTokens(spec, 11)));
      SamplingParams params = SamplingParams.sample(NEW_TOKENS, 3);
      Map<String, List<Double>> stepMs = new LinkedHashMap<>();
      Map<String, List<Double>> buildMs = new LinkedHashMap<>();
      Map<String, List<Double>> rssMiB = new LinkedHashMap<>();
      Map<String, List<Double>> buildCpuMs = new LinkedHashMap<>();
      Map<String, List<Double>> stepCpuMs = new LinkedHashMap<>();
      float[] reference = null;
      try (inputs) {
        for (int round = 0; round < rounds; round++) {
          for (String variant : VARIANTS) {
            OrtSession session = inputs;
            Map<String, OnnxTensor> feedWeights = packed.inputs();
            if (!variant.equals("a")) {
              rssBefore = rss();
              long cpu0 = cpuNanos();
              t = System.nanoTime();
              try (OrtSession.SessionOptions so = OrtSessions.options(options)) {
                so.addExternalInitializers(external);
                if (variant.equals("c") || variant.equals("e")) {
                  so.addConfigEntry("session.disable_prepacking", "1");
                }
                if (variant.equals("d")) {
                  so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
                }
                if (variant.equals("e") || variant.equals("f")) {
                  so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
                }
                session = env.createSession(initGraph.toByteArray(), so);
              }
              buildMs.computeIfAbsent(variant, k -> new ArrayList<>()).add(ms(System.nanoTime() - t));
              buildCpuMs.computeIfAbsent(variant, k -> new ArrayList<>()).add(ms(cpuNanos() - cpu0));
              rssMiB.computeIfAbsent(variant, k -> new ArrayList<>()).add(rss() - rssBefore);
              feedWeights = Map.of();
            }
            try {
              float[] logits = prefillLogits(session, feedWeights, spec, slots, prompts.get(0).tokens());
              if (reference == null) {
                reference = logits;
              } else {
                log("  %s: max |logits - (a)'s| = %.3g over %d logits", variant, maxAbsDiff(reference, logits),
                    logits.length);
              }
              OrtGeneration generation = new OrtGeneration(session, spec, feedWeights, slots, prompts, SAMPLES,
                  params);
              long start = System.nanoTime();
              long cpu0 = cpuNanos();
              generation.runWithCache();
              long cpu = cpuNanos() - cpu0;
              GenerationStats stats = generation.stats(System.nanoTime() - start);
              double perStep = stats.decodeNanos() / 1e6 / stats.steps();
              stepMs.computeIfAbsent(variant, k -> new ArrayList<>()).add(perStep);
              double cpuPerStep = ms(cpu) / (stats.steps() + 1); // prefill counted as a step: an upper bound
              stepCpuMs.computeIfAbsent(variant, k -> new ArrayList<>()).add(cpuPerStep);
              log("round %d %s: %d decode steps of batch %d, %.1f ms/step (prefill %.0f ms), process CPU %.1f ms per "
                  + "step; RSS %.0f MiB", round, variant, stats.steps(), SAMPLES, perStep, stats.prefillNanos() / 1e6,
                  cpuPerStep, rss());
            } finally {
              if (session != inputs) {
                session.close();
              }
            }
          }
        }
      }
      for (String v : VARIANTS) {
        log("SUMMARY %s (median of %d rounds): decode %.1f ms/step wall, %.1f ms/step process CPU; session build "
            + "%.0f ms wall, %.0f ms process CPU; RSS growth of the session %.0f MiB", v, rounds,
            median(stepMs.get(v)), median(stepCpuMs.get(v)), v.equals("a") ? Double.NaN : median(buildMs.get(v)),
            v.equals("a") ? Double.NaN : median(buildCpuMs.get(v)), v.equals("a") ? Double.NaN
                : median(rssMiB.get(v)));
      }
      log("peak RSS (VmHWM) %.0f MiB; all: steps %s; step CPU %s; builds %s; build CPU %s", hwm(), stepMs,
          stepCpuMs, buildMs, buildCpuMs);
    } finally {
      pool.shutdownNow();
    }
  }

  static float[] prefillLogits(OrtSession session, Map<String, OnnxTensor> weights, ModelSpec spec,
      int slots, int[] tokens) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int n = tokens.length;
    long[] ids = new long[n];
    long[] pos = new long[n];
    FloatBuffer bias = ByteBuffer.allocateDirect(n * n * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
    for (int i = 0; i < n; i++) {
      ids[i] = tokens[i];
      pos[i] = i;
      for (int j = 0; j < n; j++) {
        bias.put(i * n + j, j > i ? OnnxBlocks.MASKED : 0f);
      }
    }
    List<OnnxTensor> made = new ArrayList<>();
    try {
      Map<String, OnnxTensorLike> feed = new HashMap<>(weights);
      made.add(OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, n}));
      feed.put(OnnxDecodeGraph.INPUT_IDS, made.get(made.size() - 1));
      made.add(OnnxTensor.createTensor(env, LongBuffer.wrap(pos), new long[] {1, n}));
      feed.put(OnnxDecodeGraph.POSITION_IDS, made.get(made.size() - 1));
      made.add(OnnxTensor.createTensor(env, bias, new long[] {1, 1, n, n}));
      feed.put(OnnxDecodeGraph.ATTENTION_BIAS, made.get(made.size() - 1));
      OnnxTensor empty = OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder())
          .asFloatBuffer(), new long[] {1, spec.numKeyValueHeads(), 0, spec.headDim()});
      made.add(empty);
      for (int k = 0; k < slots; k++) {
        feed.put(OnnxDecodeGraph.pastKey(k), empty);
        feed.put(OnnxDecodeGraph.pastValue(k), empty);
      }
      try (OrtSession.Result result = session.run(feed, Set.of(OnnxDecodeGraph.LOGITS))) {
        FloatBuffer out = ((OnnxTensor) result.get(OnnxDecodeGraph.LOGITS).orElseThrow()).getFloatBuffer();
        float[] logits = new float[out.remaining()];
        out.get(logits);
        return logits;
      }
    } finally {
      made.forEach(OnnxTensor::close);
    }
  }

  private static int[] randomTokens(ModelSpec spec, long seed) {
    Random random = new Random(seed);
    int[] out = new int[PROMPT_LENGTH];
    for (int i = 0; i < out.length; i++) {
      out[i] = random.nextInt(spec.vocabSize());
    }
    return out;
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static double rss() throws IOException {
    return status("VmRSS:");
  }

  private static double hwm() throws IOException {
    return status("VmHWM:");
  }

  /** A /proc/self/status field in MiB. */
  private static double status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static void log(String format, Object... args) {
    System.out.println("[ort-initializers] " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
