package dev.nestedreft.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.CacheMode;
import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.RolloutSchema;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The rollout engine on ONNX Runtime: key-value-cache generation with the decode graph of the loaded plan's size
 * (one session per number of layers, built on first use and kept), weights fed as inputs from Arrow memory, and
 * sampling in Java with a random stream per sequence.
 *
 * <p>Owns its sessions, packed weights and allocator until {@link #close()}; the batches it returns belong to the
 * caller. Not thread-safe.
 */
public final class OrtRolloutEngine extends OrtSessionOwner<Integer> implements RolloutBackend {
  private static final System.Logger LOG = System.getLogger(OrtRolloutEngine.class.getName());

  private final BufferAllocator allocator;
  /** Repacks the weights at each refresh, with as many threads as ONNX Runtime's intra-op pool. */
  private final ExecutorService packer;
  private PackedWeights packed;
  private LayerPlan plan;
  private long policyVersion = -1;
  private long lastLoadNanos;
  private GenerationStats lastStats;
  private boolean warnedTruncation;
  private PlanDraw draw;

  OrtRolloutEngine(ModelSpec spec, BufferAllocator parent, BackendOptions options) {
    super(spec, options);
    OrtSessions.checkDevice(options);
    this.allocator = parent.newChildAllocator("onnx-rollout", 0, Long.MAX_VALUE);
    this.packer = Executors.newFixedThreadPool(options.intraOpThreads(), r -> {
      Thread t = new Thread(r, "onnx-rollout-packer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void load(WeightSet weights, LayerPlan plan, long policyVersion) {
    spec.checkPlan(plan);
    long start = System.nanoTime();
    weights.validateAgainst(spec, "weights");
    session(plan.size());
    if (packed != null && packed.slots() != plan.size()) {
      packed.close();
      packed = null;
    }
    if (packed == null) {
      packed = PackedWeights.allocate(spec, plan.size(), allocator);
    }
    this.plan = null; // until the buffers hold the new weights: a failed refresh leaves nothing to generate from
    try {
      packed.fill(spec, weights, plan, packer);
    } catch (RuntimeException e) {
      packed.close();
      packed = null;
      throw e;
    }
    this.plan = plan;
    this.policyVersion = policyVersion;
    this.draw = null;
    lastLoadNanos = System.nanoTime() - start;
  }

  /** The decode graph for plans of {@code slots} layers. */
  @Override
  ModelProto graph(Integer slots) {
    return OnnxDecodeGraph.build(spec, slots, OnnxModelExporter.VERSION);
  }

  @Override
  String describe(Integer slots) {
    return "the decode session for " + slots + " layers";
  }

  @Override
  public void recordPlanDraw(PlanDraw draw) {
    if (!draw.plan().equals(plan)) {
      throw new IllegalArgumentException("the draw's plan " + draw.plan() + " is not the loaded plan " + plan);
    }
    this.draw = draw;
  }

  @Override
  public long policyVersion() {
    return policyVersion;
  }

  @Override
  public LayerPlan plan() {
    return plan;
  }

  @Override
  public long lastLoadNanos() {
    return lastLoadNanos;
  }

  @Override
  public GenerationStats lastStats() {
    return lastStats;
  }

  @Override
  public RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params, CacheMode mode) {
    boolean kvCache = mode == CacheMode.KV_CACHE;
    if (packed == null) {
      throw new IllegalStateException("load weights and a layer plan before generating");
    }
    if (samplesPerPrompt < 1) {
      throw InvalidInputException.of("samples per prompt must be at least 1, got %d", samplesPerPrompt);
    }
    if (prompts.isEmpty()) {
      throw new InvalidInputException("no prompts to generate from");
    }
    for (Prompt p : prompts) {
      for (int i = 0; i < p.length(); i++) {
        if (p.token(i) < 0 || p.token(i) >= spec.vocabSize()) {
          throw InvalidInputException.of("prompt %d: token %d at position %d is outside the vocabulary [0, %d)",
              p.id(), p.token(i), i, spec.vocabSize());
        }
      }
      if (p.length() + params.maxNewTokens() > spec.maxPositionEmbeddings()) {
        throw InvalidInputException.of("prompt %d: %d prompt tokens + %d new tokens exceed "
            + "max_position_embeddings %d", p.id(), p.length(), params.maxNewTokens(), spec.maxPositionEmbeddings());
      }
    }
    if (params.truncates() && !warnedTruncation) {
      warnedTruncation = true;
      LOG.log(System.Logger.Level.WARNING, "top-k/top-p sampling: behavior log-probs are those of the truncated "
          + "distribution; importance weights against the untruncated target are no longer unbiased where the "
          + "target puts mass on cut tokens");
    }
    long start = System.nanoTime();
    OrtGeneration generation = new OrtGeneration(session(plan.size()), spec, packed.inputs(), plan.size(), prompts,
        samplesPerPrompt, params);
    try {
      if (kvCache) {
        generation.runWithCache();
      } else {
        generation.runWithoutCache();
      }
    } catch (OrtException e) {
      throw OrtErrors.wrap("generation failed for " + plan, e);
    }
    lastStats = generation.stats(System.nanoTime() - start);
    int[] layers = plan.layers();
    List<Completion> rows = new ArrayList<>();
    for (Sequence s : generation.sequences()) {
      rows.add(s.toCompletion(layers, policyVersion));
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RolloutSchema.META_TEMPERATURE, Double.toString(params.temperature()));
    metadata.put(RolloutSchema.META_TOP_K, Integer.toString(params.topK()));
    metadata.put(RolloutSchema.META_TOP_P, Double.toString(params.topP()));
    metadata.put(RolloutSchema.META_MAX_NEW_TOKENS, Integer.toString(params.maxNewTokens()));
    metadata.put(RolloutSchema.META_STOP_TOKEN_IDS, Arrays.toString(params.stopTokenIds()));
    metadata.put(RolloutSchema.META_SEED, Long.toString(params.seed()));
    metadata.put(RolloutSchema.META_TRUNCATED_SAMPLING, Boolean.toString(params.truncates()));
    metadata.put(RolloutSchema.META_KV_CACHE, Boolean.toString(kvCache));
    if (draw != null) {
      metadata.put(RolloutSchema.META_PLAN_POLICY, draw.policy());
      metadata.put(RolloutSchema.META_PLAN_STEP, Long.toString(draw.step()));
      metadata.put(RolloutSchema.META_PLAN_SEED, Long.toString(draw.seed()));
    }
    metadata.put(RolloutSchema.META_GENERATION_MS, String.format(Locale.ROOT, "%.3f", lastStats.totalNanos() / 1e6));
    return RolloutBatch.of(allocator, rows, metadata);
  }

  @Override
  public void close() {
    try {
      closeSessions(options.profilePrefix() != null);
    } finally {
      packer.shutdownNow();
      if (packed != null) {
        packed.close();
        packed = null;
      }
      allocator.close();
    }
  }
}
