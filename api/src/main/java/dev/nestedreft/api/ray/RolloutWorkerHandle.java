package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import io.ray.api.ActorHandle;
import io.ray.api.ObjectRef;
import io.ray.api.Ray;
import io.ray.api.call.ActorCreator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A typed client of one {@link RolloutWorkerActor}: converts the project's types to the actor's wire types and
 * back, and hides {@code task(...).remote()} and {@code Ray.get}. On a cluster the {@code submit...} methods return
 * at once, so several workers generate in parallel; in LOCAL mode they return when the call is done, because Ray
 * 2.7.0's LOCAL mode cannot run calls on different actors at the same time safely (see {@link RayRuntime}).
 *
 * <p>Errors raised in the actor come back as the same exception type with the same message where it is an
 * {@link dev.nestedreft.spi.InvalidInputException}, {@link IllegalStateException} or
 * {@link IllegalArgumentException} (see {@link RayRuntime#call}); others as Ray's {@code RayException}.
 *
 * <p>Needs a running {@link RayRuntime}. Safe to use from one thread at a time.
 */
public final class RolloutWorkerHandle implements AutoCloseable {
  private final RayRuntime ray;
  private final ActorHandle<RolloutWorkerActor> actor;
  private final String backend;
  private final ModelSpec spec;
  private boolean closed;

  private RolloutWorkerHandle(RayRuntime ray, ActorHandle<RolloutWorkerActor> actor, String backend,
      ModelSpec spec) {
    this.ray = ray;
    this.actor = actor;
    this.backend = backend;
    this.spec = spec;
  }

  /**
   * Creates a worker actor and waits until it is constructed, so a bad backend name or config fails here.
   *
   * @param backend the rollout backend's name, such as {@code onnx}
   * @param intraOpThreads the backend's intra-op threads (give each worker its share of the cores)
   * @throws dev.nestedreft.spi.InvalidInputException for an unknown backend, listing the available ones
   */
  public static RolloutWorkerHandle create(RayRuntime ray, String backend, ModelSpec spec, int intraOpThreads) {
    return create(ray, backend, spec, intraOpThreads, Map.of());
  }

  /**
   * Like {@link #create(RayRuntime, String, ModelSpec, int)}, reserving Ray {@code resources} (such as {@code CPU} or
   * {@code GPU}) for the actor on a cluster.
   */
  public static RolloutWorkerHandle create(RayRuntime ray, String backend, ModelSpec spec, int intraOpThreads,
      Map<String, Double> resources) {
    checkNotNull(backend, "backend");
    checkArgument(intraOpThreads >= 1, "intraOpThreads must be at least 1, got %s", intraOpThreads);
    checkState(ray.isRunning(), "the Ray runtime is closed");
    ActorCreator<RolloutWorkerActor> creator =
        Ray.actor(RolloutWorkerActor::new, backend, HfConfig.toJson(spec), intraOpThreads);
    if (!resources.isEmpty()) {
      creator.setResources(resources);
    }
    List<ActorHandle<RolloutWorkerActor>> created = new ArrayList<>(1);
    try {
      // Created and probed in one call, so that in LOCAL mode nothing else runs meanwhile; the probe surfaces a
      // failed construction.
      ray.call(() -> {
        created.add(creator.remote());
        return created.get(0).task(RolloutWorkerActor::ready).remote();
      });
      return new RolloutWorkerHandle(ray, created.get(0), backend, spec);
    } catch (RuntimeException e) {
      if (!created.isEmpty()) {
        killQuietly(created.get(0));
      }
      throw e;
    }
  }

  /** The underlying actor, for calls this class does not wrap. */
  public ActorHandle<RolloutWorkerActor> actor() {
    return actor;
  }

  public String backend() {
    return backend;
  }

  public ModelSpec spec() {
    return spec;
  }

  /**
   * Serializes {@code weights} once into Ray's object store, to load into many workers without sending them from
   * this JVM once per worker.
   */
  public static ObjectRef<byte[]> putWeights(WeightSet weights) {
    return Ray.put(WeightSetIpc.toIpcBytes(weights));
  }

  /**
   * Starts loading weights from the object store with {@code plan}; {@code draw} (may be null) records how the plan
   * was drawn and must then hold the same plan.
   *
   * @return the backend's load time in nanoseconds, once done
   */
  public ObjectRef<Long> submitLoad(ObjectRef<byte[]> weights, LayerPlan plan, long policyVersion, PlanDraw draw) {
    checkOpen();
    spec.checkPlan(plan);
    checkArgument(draw == null || draw.plan().equals(plan), "the draw's plan %s is not the plan %s", draw, plan);
    String policy = draw == null ? "" : draw.policy();
    long[] stepAndSeed = draw == null ? new long[0] : new long[] {draw.step(), draw.seed()};
    int[] layers = plan.layers();
    return ray.submit(() -> actor.task(RolloutWorkerActor::load, weights, layers, policyVersion, policy, stepAndSeed)
        .remote());
  }

  /** Loads {@code weights} and {@code plan} and waits; returns the backend's load time in nanoseconds. */
  public long load(WeightSet weights, LayerPlan plan, long policyVersion) {
    ObjectRef<byte[]> put = putWeights(weights);
    try {
      return RayCalls.get(submitLoad(put, plan, policyVersion, null));
    } finally {
      RayCalls.release(put);
    }
  }

  /** Loads {@code weights} and a drawn plan and waits; returns the backend's load time in nanoseconds. */
  public long load(WeightSet weights, PlanDraw draw, long policyVersion) {
    ObjectRef<byte[]> put = putWeights(weights);
    try {
      return RayCalls.get(submitLoad(put, draw.plan(), policyVersion, draw));
    } finally {
      RayCalls.release(put);
    }
  }

  /**
   * Loads the same weights into every worker in parallel (serialized once) and waits for all; each gets
   * {@code draw}'s plan, or the full plan when {@code draw} is null.
   */
  public static void loadAll(List<RolloutWorkerHandle> workers, WeightSet weights, PlanDraw draw,
      long policyVersion) {
    ObjectRef<byte[]> put = putWeights(weights);
    try {
      loadAll(workers, put, draw, policyVersion);
    } finally {
      RayCalls.release(put);
    }
  }

  /** Loads weights already in the object store (as {@link WeightSetIpc} bytes) into every worker. */
  public static void loadAll(List<RolloutWorkerHandle> workers, ObjectRef<byte[]> ref, PlanDraw draw,
      long policyVersion) {
    List<ObjectRef<Long>> pending = new ArrayList<>();
    for (RolloutWorkerHandle w : workers) {
      LayerPlan plan = draw == null ? w.spec.fullPlan() : draw.plan();
      pending.add(w.submitLoad(ref, plan, policyVersion, draw));
    }
    for (ObjectRef<Long> p : pending) {
      RayCalls.get(p);
    }
  }

  /** Starts generating; the result is collected with {@link PendingRollout#get}. */
  public PendingRollout submitGenerate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    checkOpen();
    long[] ids = new long[prompts.size()];
    int[][] tokens = new int[prompts.size()][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = prompts.get(i).id();
      tokens[i] = prompts.get(i).tokens();
    }
    String sampling = SamplingWire.toJson(params);
    ObjectRef<byte[]> ref =
        ray.submit(() -> actor.task(RolloutWorkerActor::generate, ids, tokens, samplesPerPrompt, sampling).remote());
    return new PendingRollout(ref, spec.vocabSize());
  }

  /** Generates and waits; the batch is allocated from {@code allocator}, validated, and owned by the caller. */
  public RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params,
      BufferAllocator allocator) {
    return submitGenerate(prompts, samplesPerPrompt, params).get(allocator);
  }

  /** The worker's statistics. */
  public RolloutWorkerStats stats() {
    return RolloutWorkerStats.fromJson(ray.call(() -> actor.task(RolloutWorkerActor::stats).remote()));
  }

  /**
   * Closes the worker's backend and allocator and waits; then, on a cluster, ends the actor's process. Idempotent.
   *
   * @throws IllegalStateException when the worker leaked Arrow memory
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!io.ray.api.Ray.isInitialized()) {
      return; // Ray's own shutdown hook ran first (the JVM is exiting): the actor is gone with it
    }
    try {
      ray.call(() -> actor.task(RolloutWorkerActor::close).remote());
    } finally {
      killQuietly(actor);
    }
  }

  private static void killQuietly(ActorHandle<RolloutWorkerActor> actor) {
    try {
      actor.kill();
    } catch (UnsupportedOperationException e) {
      // LOCAL mode cannot kill actors; a closed worker holds nothing but its idle thread until Ray shuts down.
    }
  }

  private void checkOpen() {
    checkState(!closed, "rollout worker handle is closed");
  }

  /** A generate call in flight. */
  public static final class PendingRollout {
    private final ObjectRef<byte[]> ref;
    private final int vocabSize;

    private PendingRollout(ObjectRef<byte[]> ref, int vocabSize) {
      this.ref = ref;
      this.vocabSize = vocabSize;
    }

    /** The object reference of the batch's IPC bytes, to pass on to another actor (a learner) unread. */
    public ObjectRef<byte[]> ref() {
      return ref;
    }

    /** Waits and returns the batch's Arrow IPC stream bytes. */
    public byte[] bytes() {
      return RayCalls.get(ref);
    }

    /** Waits and reads the batch into {@code allocator}, validated; the caller owns it. */
    public RolloutBatch get(BufferAllocator allocator) {
      return RolloutBatch.fromIpcBytes(bytes(), allocator, vocabSize);
    }
  }
}
