package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.spi.algo.PlanDraw;
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
 * A typed client of one {@link RolloutWorkerActor}: turns the project's types into the actor's messages and back,
 * and hides {@code task(...).remote()} and {@code Ray.get}. On a cluster the {@code submit...} methods return at
 * once, so several workers generate in parallel; in LOCAL mode they return when the call is done, because Ray
 * 2.7.0's LOCAL mode cannot run calls on different actors at the same time safely (see {@link RayRuntime}).
 *
 * <p>Errors raised in the actor come back as the same exception type with the same message where it is one of the
 * project's exceptions, an {@link IllegalStateException} or an {@link IllegalArgumentException} (see
 * {@link RayRuntime#call}); others as Ray's {@code RayException}.
 *
 * <p>Needs a running {@link RayRuntime}. Safe to use from one thread at a time.
 */
public final class RolloutWorkerHandle implements AutoCloseable {
  private final RayRuntime ray;
  private final ActorHandle<RolloutWorkerActor> actor;
  private final WorkerSetup setup;
  private boolean closed;

  private RolloutWorkerHandle(RayRuntime ray, ActorHandle<RolloutWorkerActor> actor, WorkerSetup setup) {
    this.ray = ray;
    this.actor = actor;
    this.setup = setup;
  }

  /**
   * Creates a worker actor and waits until it is constructed, so a bad backend name or config fails here.
   *
   * @param backend the rollout backend's name, such as {@code onnx}
   * @param intraOpThreads the backend's intra-op threads (give each worker its share of the cores)
   * @throws dev.nestedreft.spi.InvalidInputException for an unknown backend, listing the available ones
   */
  public static RolloutWorkerHandle create(RayRuntime ray, String backend, ModelSpec spec, int intraOpThreads) {
    return create(ray, new WorkerSetup(backend, spec, intraOpThreads), Map.of());
  }

  /**
   * Like {@link #create(RayRuntime, String, ModelSpec, int)}, reserving Ray {@code resources} (such as {@code CPU} or
   * {@code GPU}) for the actor on a cluster.
   */
  public static RolloutWorkerHandle create(RayRuntime ray, WorkerSetup setup, Map<String, Double> resources) {
    checkState(ray.isRunning(), "the Ray runtime is closed");
    ActorCreator<RolloutWorkerActor> creator = Ray.actor(RolloutWorkerActor::new, Wire.encode(setup));
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
      return new RolloutWorkerHandle(ray, created.get(0), setup);
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

  public ModelSpec spec() {
    return setup.spec();
  }

  /**
   * Serializes {@code weights} once into Ray's object store, to load into many workers without sending them from
   * this JVM once per worker. The caller releases the reference when done ({@link RayWeights#close()}).
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
    setup.spec().checkPlan(plan);
    checkArgument(draw == null || draw.plan().equals(plan), "the draw's plan %s is not the plan %s", draw, plan);
    byte[] message = Wire.encode(new Messages.Load(plan, policyVersion, draw));
    return ray.submit(() -> actor.task(RolloutWorkerActor::load, weights, message).remote());
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
      LayerPlan plan = draw == null ? w.spec().fullPlan() : draw.plan();
      pending.add(w.submitLoad(ref, plan, policyVersion, draw));
    }
    for (ObjectRef<Long> p : pending) {
      RayCalls.get(p);
    }
  }

  /** Starts generating; the result is collected with {@link PendingRollout#await()} or {@link PendingRollout#get}. */
  public PendingRollout submitGenerate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    checkOpen();
    byte[] message = Wire.encode(new Messages.Generate(prompts, samplesPerPrompt, params));
    return new PendingRollout(ray.submit(() -> actor.task(RolloutWorkerActor::generate, message).remote()));
  }

  /** Generates and waits; the batch is allocated from {@code allocator}, validated, and owned by the caller. */
  public RolloutBatch generate(List<Prompt> prompts, int samplesPerPrompt, SamplingParams params,
      BufferAllocator allocator) {
    return submitGenerate(prompts, samplesPerPrompt, params).get(allocator);
  }

  /** The worker's statistics. */
  public RolloutWorkerStats stats() {
    return Wire.decode(ray.call(() -> actor.task(RolloutWorkerActor::stats).remote()), RolloutWorkerStats.class);
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
    if (!Ray.isInitialized()) {
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
  public final class PendingRollout {
    private final ObjectRef<byte[]> generated;

    private PendingRollout(ObjectRef<byte[]> generated) {
      this.generated = generated;
    }

    /**
     * Waits for the call and returns what it generated, with the reference of its batch (Arrow IPC bytes, left in
     * the object store; the caller releases it).
     */
    Taken await() {
      Messages.Generated summary = Wire.decode(RayCalls.get(generated), Messages.Generated.class);
      return new Taken(summary, ray.submit(() -> actor.task(RolloutWorkerActor::takeBatch).remote()));
    }

    /** Waits and reads the batch into {@code allocator}, validated; the caller owns it. */
    public RolloutBatch get(BufferAllocator allocator) {
      ObjectRef<byte[]> batch = await().batch();
      return RolloutBatch.fromIpcBytes(RayCalls.get(batch), allocator, setup.spec().vocabSize());
    }
  }

  /** A finished generate call: its summary and its batch's reference. */
  record Taken(Messages.Generated summary, ObjectRef<byte[]> batch) {}
}
