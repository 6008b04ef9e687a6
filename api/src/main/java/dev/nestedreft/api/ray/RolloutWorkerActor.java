package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A rollout worker as a Ray actor: one {@link RolloutBackend} with its own Arrow {@link RootAllocator}. Ray creates
 * it with {@code Ray.actor(RolloutWorkerActor::new, backend, configJson, threads)} and calls its methods one at a
 * time (actors run their tasks in order), so it needs no locking.
 *
 * <p>Every argument and result is a type Ray serializes with MessagePack and without reflection (byte[], String,
 * primitives and their arrays), so the same actor can be called from Python or across JVMs of different builds.
 * Weights and rollout batches travel as Arrow IPC stream bytes ({@link WeightSetIpc}, {@link RolloutBatch}).
 * Ray's Java actor methods take at most five arguments, hence the packed ones below. Callers normally go through
 * {@link RolloutWorkerHandle}.
 */
public class RolloutWorkerActor {
  private final String backendName;
  private final ModelSpec spec;
  private final BufferAllocator allocator;
  private final RolloutBackend backend;
  private final RuntimeException constructionError;
  private boolean closed;
  private long loads;
  private long generateCalls;
  private long sequences;
  private long generatedTokens;
  private long lastLoadNanos;
  private GenerationStats lastStats;

  /**
   * Creates the backend. The constructor never throws: in Ray 2.7.0's LOCAL mode a failing actor constructor ends
   * the whole JVM ({@code System.exit(-1)} in {@code LocalModeTaskSubmitter}). A failure is kept instead and thrown
   * by every method, first by {@link #ready()}, which {@link RolloutWorkerHandle#create} calls.
   *
   * @param backendName the rollout backend's name, such as {@code onnx}
   * @param modelConfigJson the model's Hugging Face {@code config.json} text
   * @param intraOpThreads the backend's intra-op threads (at least 1)
   */
  public RolloutWorkerActor(String backendName, String modelConfigJson, int intraOpThreads) {
    this.backendName = backendName;
    ModelSpec parsed = null;
    BufferAllocator root = null;
    RolloutBackend created = null;
    RuntimeException error = null;
    try {
      parsed = HfConfig.parse(modelConfigJson, "rollout worker model config");
      BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(intraOpThreads);
      // The loader that loaded this class sees the project's jars, also on a cluster's worker JVM.
      Backends backends = Backends.discover(RolloutWorkerActor.class.getClassLoader());
      root = new RootAllocator();
      created = backends.openRollout(backendName, parsed, root, options);
    } catch (RuntimeException | LinkageError e) {
      error = e instanceof RuntimeException r ? r
          : new IllegalStateException("rollout worker: backend '" + backendName + "' failed to load: " + e, e);
      if (root != null) {
        root.close();
      }
      root = null;
    }
    this.spec = parsed;
    this.allocator = root;
    this.backend = created;
    this.constructionError = error;
    this.closed = error != null;
  }

  /**
   * Whether the worker was constructed: returns the backend's name and the model's layer count, or throws the
   * construction's error.
   */
  public String ready() {
    if (constructionError != null) {
      throw constructionError;
    }
    return backendName + " " + spec.numHiddenLayers();
  }

  /**
   * Loads weights and the behavior plan.
   *
   * @param weightSetIpc the weights as written by {@link WeightSetIpc#toIpcBytes}
   * @param planLayers the layers the behavior model runs
   * @param policyVersion recorded in every row until the next load
   * @param drawPolicy the behavior policy that drew the plan, recorded in the batches' metadata; empty or null when
   *     the plan was not drawn
   * @param drawStepAndSeed the draw's step and seed (two values) when {@code drawPolicy} is given; otherwise empty
   * @return the nanoseconds the backend's load took
   */
  public long load(byte[] weightSetIpc, int[] planLayers, long policyVersion, String drawPolicy,
      long[] drawStepAndSeed) {
    checkOpen();
    LayerPlan plan = LayerPlan.of(spec.numHiddenLayers(), planLayers);
    boolean drawn = drawPolicy != null && !drawPolicy.isEmpty();
    if (drawn && (drawStepAndSeed == null || drawStepAndSeed.length != 2)) {
      throw InvalidInputException.of("rollout worker load: a plan draw needs its step and seed, got %s",
          java.util.Arrays.toString(drawStepAndSeed));
    }
    try (WeightSet weights = WeightSetIpc.fromIpcBytes(weightSetIpc, allocator, "worker-weights-in")) {
      weights.validateAgainst(spec, "rollout worker weights");
      if (drawn) {
        backend.load(weights, new PlanDraw(plan, drawPolicy, drawStepAndSeed[0], drawStepAndSeed[1]), policyVersion);
      } else {
        backend.load(weights, plan, policyVersion);
      }
    }
    loads++;
    lastLoadNanos = backend.lastLoadNanos();
    return lastLoadNanos;
  }

  /**
   * Generates {@code samplesPerPrompt} completions of every prompt.
   *
   * @param promptIds the prompts' ids
   * @param promptTokens the prompts' token ids, parallel to {@code promptIds}
   * @param samplingJson the sampling parameters as JSON: {@code temperature}, {@code top_k}, {@code top_p},
   *     {@code max_new_tokens}, {@code stop_token_ids}, {@code seed}
   * @return the rollout batch as Arrow IPC stream bytes ({@link RolloutBatch#toIpcBytes()})
   */
  public byte[] generate(long[] promptIds, int[][] promptTokens, int samplesPerPrompt, String samplingJson) {
    checkOpen();
    if (promptIds.length != promptTokens.length) {
      throw InvalidInputException.of("rollout worker generate: %d prompt ids but %d token lists", promptIds.length,
          promptTokens.length);
    }
    SamplingParams params = SamplingWire.fromJson(samplingJson);
    List<Prompt> prompts = new ArrayList<>(promptIds.length);
    for (int i = 0; i < promptIds.length; i++) {
      prompts.add(new Prompt(promptIds[i], promptTokens[i]));
    }
    try (RolloutBatch batch = backend.generate(prompts, samplesPerPrompt, params)) {
      generateCalls++;
      sequences += batch.rowCount();
      generatedTokens += batch.completionTokenCount();
      lastStats = backend.lastStats();
      return batch.toIpcBytes();
    }
  }

  /**
   * A summary as JSON: {@code backend}, {@code policy_version}, {@code plan} (compact form, empty before the first
   * load), {@code loads}, {@code generate_calls}, {@code sequences}, {@code generated_tokens},
   * {@code last_load_nanos}, {@code last_generate_nanos}, {@code last_tokens_per_second}, {@code arrow_bytes}
   * (Arrow memory held now) and {@code closed}.
   */
  public String stats() {
    ready();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    json.put("backend", backendName);
    json.put("closed", closed);
    json.put("policy_version", closed ? -1 : backend.policyVersion());
    json.put("plan", closed || backend.policyVersion() < 0 ? "" : backend.plan().compact());
    json.put("loads", loads);
    json.put("generate_calls", generateCalls);
    json.put("sequences", sequences);
    json.put("generated_tokens", generatedTokens);
    json.put("last_load_nanos", lastLoadNanos);
    json.put("last_generate_nanos", lastStats == null ? 0 : lastStats.totalNanos());
    json.put("last_tokens_per_second", lastStats == null ? 0 : lastStats.tokensPerSecond());
    json.put("arrow_bytes", closed ? 0 : allocator.getAllocatedMemory());
    return json.toString();
  }

  /**
   * Frees the backend and the allocator; later calls other than {@link #stats()} fail. Idempotent.
   *
   * @return whether this call closed the worker (false when it was already closed)
   * @throws IllegalStateException when Arrow memory leaked (the allocator's report)
   */
  public boolean close() {
    if (closed || constructionError != null) {
      return false;
    }
    closed = true;
    try {
      backend.close();
    } finally {
      allocator.close();
    }
    return true;
  }

  private void checkOpen() {
    ready();
    checkState(!closed, "rollout worker is closed");
  }
}
