package dev.nestedreft.api.train;

import static com.google.common.base.Preconditions.checkState;

import dev.nestedreft.spi.NestedReftException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code one-step-off} pipeline (docs/ALGORITHMS.md, "Pipelined steps"). Step {@code t} trains on the batch
 * generated from the weights {@code w_{t-1}}, one update old, while the rollout workers generate step
 * {@code t+1}'s batch from {@code w_t} on a thread of this pipeline. In order, on the caller's thread:
 *
 * <ol>
 *   <li>on the run's first step only, generate step {@code t}'s batch from {@code w_t} (no batch is pending yet);
 *   <li>draw step {@code t+1}'s plan, publish {@code w_t} and load it with the plan into the workers;
 *   <li>start generating step {@code t+1}'s batch on the pipeline's thread;
 *   <li>score step {@code t}'s batch, update the learner ({@code w_t → w_{t+1}}) and give the behavior policy step
 *       {@code t}'s feedback;
 *   <li>wait for step {@code t+1}'s batch, which becomes the pending one.
 * </ol>
 *
 * So the plan of step {@code t+1} is drawn after the feedback of step {@code t-1} and before that of step
 * {@code t}, always; with the seed, the step and the checkpointed state, every draw stays determined. The pending
 * batch is what a checkpoint after step {@code t} must hold besides the weights ({@link PendingBatch}): a resumed
 * run trains on it rather than generating it again. The next step's batch is generated even after the last step,
 * so a finished run's last checkpoint can be extended exactly ({@code steps} may grow on resume).
 *
 * <p>Owns the pending batch and the thread; {@link #close()} frees both. Not thread-safe: the loop's thread calls
 * it. The placement's learner and workers are called from two threads at once (one caller each), which
 * {@link dev.nestedreft.api.contract.Placement} allows.
 */
final class OneStepOff implements AutoCloseable {
  private final Trainer trainer;
  private final int promptsPerStep;
  private final ExecutorService generator = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "nested-reft-rollouts");
    thread.setDaemon(true);
    return thread;
  });
  private GeneratedBatch pending;

  OneStepOff(Trainer trainer, int promptsPerStep) {
    this.trainer = trainer;
    this.promptsPerStep = promptsPerStep;
  }

  /** The batch generated for the next step, not trained on yet; empty before the first step. */
  Optional<GeneratedBatch> pending() {
    return Optional.ofNullable(pending);
  }

  /** Takes {@code batch}, restored from a checkpoint, as the pending batch; this pipeline then owns it. */
  void restore(GeneratedBatch batch) {
    checkState(pending == null, "a batch is already pending");
    pending = batch;
  }

  /**
   * Runs step {@code step} (0-based) on the pending batch, generating the next step's meanwhile, and reports it.
   *
   * @throws NestedReftException when the reward function or the generation fails
   */
  StepReport step(long step, long dataPosition) {
    long start = System.nanoTime();
    if (pending == null) {
      pending = trainer.generate(trainer.load(step, dataPosition, step));
    }
    checkState(pending.step() == step && pending.request().dataPosition() == dataPosition,
        "the pending batch is for step %s at %s, not step %s at %s", pending.step(),
        pending.request().dataPosition(), step, dataPosition);
    RolloutRequest next = trainer.load(step + 1, dataPosition + promptsPerStep, step);
    long overlapStart = System.nanoTime();
    Future<GeneratedBatch> generating = generator.submit(() -> trainer.generate(next));
    StepReport report;
    try {
      report = trainer.learn(pending, start);
    } catch (RuntimeException | Error e) {
      discard(generating);
      throw e;
    }
    long learned = System.nanoTime();
    GeneratedBatch trained = pending;
    pending = null; // trained on: a checkpoint now must not hold it
    try {
      pending = join(generating);
    } finally {
      trained.close(); // after the generation, which may be using the placement's runtime meanwhile
    }
    long end = System.nanoTime();
    return report.withPipelined(new StepReport.Pipelined(trained.policyVersion(), step - trained.policyVersion(),
        (end - overlapStart) / 1e9, (end - learned) / 1e9), (end - start) / 1e9);
  }

  /** The generation's batch, or its failure as it was thrown. */
  private static GeneratedBatch join(Future<GeneratedBatch> generating) {
    try {
      return generating.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discard(generating);
      throw new NestedReftException("interrupted while waiting for the next step's rollouts", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new NestedReftException("the next step's rollouts failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Waits for a generation whose batch is not wanted (the step failed) and frees it: the workers cannot be stopped
   * mid-call, and must be idle before anything else uses them.
   */
  private static void discard(Future<GeneratedBatch> generating) {
    boolean interrupted = false;
    while (true) {
      try {
        generating.get().close();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break; // its failure is not the step's
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Frees the pending batch and ends the thread (no generation is in flight between steps). */
  @Override
  public void close() {
    try {
      if (pending != null) {
        pending.close();
        pending = null;
      }
    } finally {
      generator.shutdown();
    }
  }
}
