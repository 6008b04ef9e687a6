package dev.nestedreft.api.ray;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.spi.weights.WeightSetIpc;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A rollout worker as a Ray actor: one {@link RolloutBackend} with its own Arrow {@link RootAllocator}. Ray creates
 * it with {@code Ray.actor(RolloutWorkerActor::new, setupMessage)} and calls its methods one at a time (actors run
 * their tasks in order), so it needs no locking.
 *
 * <p>Every argument and result is {@code byte[]} or a primitive: a message record encoded by {@link Wire}, or Arrow
 * IPC stream bytes for the bulk data (weights in, {@link WeightSetIpc}; rollout batches out, {@link RolloutBatch}).
 * A generate call keeps its batch until {@link #takeBatch()}, whose result the driver passes on to the learner by
 * object reference. Callers normally go through {@link RolloutWorkerHandle}.
 *
 * <p>The backend is found through the setup's plug-ins, which the worker reopens in a class loader of its own and
 * closes with the backend (see {@link LearnerActor}).
 */
public class RolloutWorkerActor {
  private final String backendName;
  private final ModelSpec spec;
  private final ActorParts<RolloutBackend> parts;
  private boolean closed;
  private long loads;
  private long generateCalls;
  private long sequences;
  private long generatedTokens;
  private long lastLoadNanos;
  private GenerationStats lastStats;
  private byte[] lastBatch;

  /**
   * Creates the backend. The constructor never throws: in Ray 2.7.0's LOCAL mode a failing actor constructor ends
   * the whole JVM ({@code System.exit(-1)} in {@code LocalModeTaskSubmitter}). A failure is kept instead and thrown
   * by every method, first by {@link #ready()}, which {@link RolloutWorkerHandle#create} calls.
   *
   * @param setupMessage a {@link WorkerSetup} ({@link Wire})
   */
  public RolloutWorkerActor(byte[] setupMessage) {
    WorkerSetup setup = null;
    ActorParts<RolloutBackend> opened;
    try {
      setup = Wire.decode(setupMessage, WorkerSetup.class);
      WorkerSetup s = setup;
      BackendOptions options = BackendOptions.DEFAULT.withIntraOpThreads(s.threads());
      opened = ActorParts.open("rollout worker: backend '" + s.backend() + "'", s.plugins(),
          (plugins, root) -> plugins.backends().openRollout(s.backend(), s.spec(), root, options));
    } catch (RuntimeException e) {
      opened = ActorParts.failed(e);
    }
    this.backendName = setup == null ? "?" : setup.backend();
    this.spec = setup == null ? null : setup.spec();
    this.parts = opened;
    this.closed = opened.failed();
  }

  /**
   * Whether the worker was constructed: returns the backend's name and the model's layer count, or throws the
   * construction's error.
   */
  public String ready() {
    parts.part();
    return backendName + " " + spec.numHiddenLayers();
  }

  /**
   * Loads weights and the behavior plan.
   *
   * @param weightSetIpc the weights as written by {@link WeightSetIpc#toIpcBytes}
   * @param loadMessage a {@link Messages.Load}
   * @return the nanoseconds the backend's load took
   */
  public long load(byte[] weightSetIpc, byte[] loadMessage) {
    checkOpen();
    Messages.Load load = Wire.decode(loadMessage, Messages.Load.class);
    spec.checkPlan(load.plan());
    try (WeightSet weights = WeightSetIpc.fromIpcBytes(weightSetIpc, allocator(), "worker-weights-in")) {
      weights.validateAgainst(spec, "rollout worker weights");
      if (load.draw() != null) {
        backend().load(weights, load.draw(), load.policyVersion());
      } else {
        backend().load(weights, load.plan(), load.policyVersion());
      }
    }
    loads++;
    lastLoadNanos = backend().lastLoadNanos();
    return lastLoadNanos;
  }

  /**
   * Generates {@code samplesPerPrompt} completions of every prompt and keeps the batch for {@link #takeBatch()}.
   *
   * @param generateMessage a {@link Messages.Generate}
   * @return a {@link Messages.Generated}
   */
  public byte[] generate(byte[] generateMessage) {
    checkOpen();
    Messages.Generate request = Wire.decode(generateMessage, Messages.Generate.class);
    try (RolloutBatch batch = backend().generate(request.prompts(), request.samplesPerPrompt(), request.sampling())) {
      generateCalls++;
      sequences += batch.rowCount();
      generatedTokens += batch.completionTokenCount();
      lastStats = backend().lastStats();
      lastBatch = batch.toIpcBytes();
      return Wire.encode(new Messages.Generated(batch.rowCount(), batch.completionTokenCount(),
          lastStats.totalNanos()));
    }
  }

  /** The last generate call's batch as Arrow IPC stream bytes; the worker lets go of it. */
  public byte[] takeBatch() {
    checkOpen();
    checkState(lastBatch != null, "rollout worker: no batch to take (generate first)");
    byte[] out = lastBatch;
    lastBatch = null;
    return out;
  }

  /** A {@link RolloutWorkerStats} ({@link Wire}). */
  public byte[] stats() {
    ready();
    return Wire.encode(new RolloutWorkerStats(backendName, closed, closed ? -1 : backend().policyVersion(),
        closed || backend().policyVersion() < 0 ? "" : backend().plan().compact(), loads, generateCalls, sequences,
        generatedTokens, lastLoadNanos, lastStats == null ? 0 : lastStats.totalNanos(),
        lastStats == null ? 0 : lastStats.tokensPerSecond(), closed ? 0 : allocator().getAllocatedMemory()));
  }

  /**
   * Frees the backend, the allocator and the plug-ins' class loader; later calls other than {@link #stats()} fail.
   * Idempotent.
   *
   * @return whether this call closed the worker (false when it was already closed)
   * @throws IllegalStateException when Arrow memory leaked (the allocator's report)
   */
  public boolean close() {
    if (closed || parts.failed()) {
      return false;
    }
    closed = true;
    lastBatch = null;
    parts.close();
    return true;
  }

  private RolloutBackend backend() {
    return parts.part();
  }

  private BufferAllocator allocator() {
    return parts.allocator();
  }

  private void checkOpen() {
    ready();
    checkState(!closed, "rollout worker is closed");
  }
}
