package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.LearnerService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.checkpoint.ModelTensors;
import dev.nestedreft.api.checkpoint.OptimizerStateFile;
import dev.nestedreft.api.checkpoint.SafetensorsReader;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.backend.Provenance;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.io.FileTrees;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Checkpoints of a run: {@code checkpoints/step-000010/} holds the weights (HF layout: config.json and
 * model.safetensors), the AdamW state ({@code optimizer.safetensors}) and {@code state.json} (the step, the data
 * position, the policy version, the seeds, the behavior policy's state and the resolved config); a run of the
 * {@code one-step-off} pipeline adds the batch it generated for the next step ({@link #PENDING_ROLLOUTS}, described
 * under {@code pending} in {@code state.json}). A checkpoint is
 * written into a hidden temporary directory and renamed into place, so a directory named {@code step-*} is always
 * complete; the last {@code keep} are kept.
 */
public final class Checkpoints {
  public static final String STATE = "state.json";
  public static final String OPTIMIZER = "optimizer.safetensors";
  /** The rows of a {@link PendingBatch}, as an Arrow IPC stream ({@code RolloutBatch.toIpcBytes}). */
  public static final String PENDING_ROLLOUTS = "pending-rollouts.arrow";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final int keep;

  public Checkpoints(Path dir, int keep) {
    this.dir = dir;
    this.keep = Math.max(1, keep);
  }

  /**
   * What a checkpoint records besides the weights and optimiser.
   *
   * @param config the run's config in the form {@code train --config} reads ({@link ConfigFields#toTree}); a
   *     checkpoint written before configs were recorded this way holds {@code null}
   * @param behaviorState the behavior policy's saved state ({@code BehaviorPolicy.saveState}), {@code ""} for a
   *     stateless policy
   * @param pending the batch generated for step {@code step} that it has not trained on yet (pipeline
   *     {@code one-step-off}); null when there is none
   */
  public record State(long step, long dataPosition, long policyVersion, long seed, JsonNode config,
      String behaviorState, PendingBatch pending) {
    public State {
      behaviorState = behaviorState == null ? "" : behaviorState;
    }

    /** A state without a pending batch. */
    public State(long step, long dataPosition, long policyVersion, long seed, JsonNode config,
        String behaviorState) {
      this(step, dataPosition, policyVersion, seed, config, behaviorState, null);
    }
  }

  public Path directory() {
    return dir;
  }

  static String name(long step) {
    return String.format("step-%06d", step);
  }

  /** Tokenizer and generation files copied from the source model into every checkpoint, when present. */
  public static final List<String> MODEL_FILES = List.of("tokenizer.json",
      "tokenizer_config.json", "special_tokens_map.json", "generation_config.json", "vocab.json", "merges.txt");

  /** Writes the checkpoint of {@code state.step()} atomically, then prunes old ones. */
  public Path save(State state, ModelSpec spec, LearnerService learner, Provenance provenance,
      BufferAllocator allocator) {
    return save(state, spec, learner, provenance, allocator, null, null);
  }

  /**
   * Like {@link #save(State, ModelSpec, LearnerService, Provenance, BufferAllocator)}; the tokenizer and generation
   * files of {@code sourceModel} (when not null) are copied in, so the checkpoint is a complete Hugging Face model
   * directory that transformers-based tools load unchanged, and {@code pendingRows}, the rows of
   * {@code state.pending()}, are written to {@link #PENDING_ROLLOUTS} inside the same atomic rename.
   *
   * @param pendingRows the Arrow IPC bytes of the pending batch; null exactly when {@code state.pending()} is
   */
  public Path save(State state, ModelSpec spec, LearnerService learner, Provenance provenance,
      BufferAllocator allocator, Path sourceModel, byte[] pendingRows) {
    if ((state.pending() == null) != (pendingRows == null)) {
      throw new IllegalArgumentException("a pending batch needs both its description and its rows");
    }
    Path target = dir.resolve(name(state.step()));
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempDirectory(dir, ".tmp-" + name(state.step()) + "-");
      try (WeightSet weights = learner.exportWeights(allocator)) {
        ModelDirectory.write(tmp, spec, weights, provenance);
      }
      try (WeightSet moments = learner.exportOptimizerState(allocator)) {
        OptimizerStateFile.save(moments, learner.optimizerStep(), tmp.resolve(OPTIMIZER));
      }
      if (sourceModel != null) {
        for (String name : MODEL_FILES) {
          if (Files.exists(sourceModel.resolve(name))) {
            Files.copy(sourceModel.resolve(name), tmp.resolve(name));
          }
        }
      }
      if (pendingRows != null) {
        AtomicFiles.write(tmp.resolve(PENDING_ROLLOUTS), channel -> {
          ByteBuffer buffer = ByteBuffer.wrap(pendingRows);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        });
      }
      ObjectNode stateNode = JSON.createObjectNode().put("step", state.step())
          .put("data_position", state.dataPosition()).put("policy_version", state.policyVersion())
          .put("seed", state.seed()).put("behavior_state", state.behaviorState());
      stateNode.set("config", state.config());
      if (state.pending() != null) {
        stateNode.set("pending", state.pending().toJson());
      }
      AtomicFiles.writeString(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          stateNode));
      if (Files.exists(target)) {
        FileTrees.delete(target); // a re-run of the same step replaces it
      }
      AtomicFiles.readableByAll(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      prune();
      return target;
    } catch (IOException e) {
      throw new NestedReftException(target + ": cannot write the checkpoint: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        FileTrees.delete(tmp);
      }
    }
  }

  /** The newest complete checkpoint, if any. Hidden temporary directories of interrupted writes are ignored. */
  public Optional<Path> latest() {
    return list().stream().reduce((a, b) -> b);
  }

  /** Complete checkpoints, oldest first. */
  public List<Path> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().matches("step-\\d{6,}"))
          .filter(p -> Files.exists(p.resolve(STATE)))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot list checkpoints: " + e.getMessage(), e);
    }
  }

  /**
   * Every checkpoint directory ({@code step-*}), newest first, whether complete or not: the candidates a resumed run
   * tries in turn ({@link #verify}).
   */
  public List<Path> candidates() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().matches("step-\\d{6,}") && Files.isDirectory(p))
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot list checkpoints: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the hidden temporary directories ({@code .tmp-step-*}) of checkpoint writes that a killed process left
   * behind. Call it only while holding the run's {@link RunLock}: another writer's temporary directory would be
   * deleted too.
   *
   * @return the directories deleted
   */
  public List<Path> removeStaleTemporaries() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> stale;
    try (Stream<Path> entries = Files.list(dir)) {
      stale = entries.filter(p -> p.getFileName().toString().startsWith(".tmp-")).sorted().toList();
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot list checkpoints: " + e.getMessage(), e);
    }
    stale.forEach(FileTrees::delete);
    return stale;
  }

  /**
   * Checks that {@code checkpoint} can be resumed from, reading its headers only: {@code state.json} reads and names
   * the directory's step; {@code config.json} reads; {@code model.safetensors} is complete and holds exactly the
   * tensors the config implies, with their shapes; {@code optimizer.safetensors} is complete, records its step and
   * holds both moments of every tensor. Tensor data is not read (a flipped bit inside it goes unnoticed).
   *
   * @return the checkpoint's state
   * @throws InvalidInputException naming the file and what is wrong with it
   */
  public static State verify(Path checkpoint) {
    State state = readState(checkpoint);
    if (!checkpoint.getFileName().toString().equals(name(state.step()))) {
      throw InvalidInputException.of("%s: says step %d, which is not the directory's", checkpoint.resolve(STATE),
          state.step());
    }
    ModelSpec spec = HfConfig.read(checkpoint.resolve(ModelDirectory.CONFIG));
    Path weights = checkpoint.resolve(ModelDirectory.WEIGHTS);
    Map<String, SafetensorsReader.Entry> tensors = SafetensorsReader.header(weights).tensors();
    ModelTensors.check(tensors.keySet(), spec, weights.toString());
    WeightNames.expected(spec).forEach((name, shape) -> {
      if (!Arrays.equals(tensors.get(name).shape(), shape)) {
        throw InvalidInputException.of("%s: tensor '%s' has shape %s, but the config implies %s", weights, name,
            Arrays.toString(tensors.get(name).shape()), Arrays.toString(shape));
      }
    });
    Path optimizer = checkpoint.resolve(OPTIMIZER);
    OptimizerStateFile.step(optimizer);
    Set<String> moments = SafetensorsReader.header(optimizer).tensors().keySet();
    for (String name : WeightNames.expected(spec).keySet()) {
      for (String moment : List.of("adam.m/" + name, "adam.v/" + name)) {
        if (!moments.contains(moment)) {
          throw InvalidInputException.of("%s: missing tensor '%s'", optimizer, moment);
        }
      }
    }
    if (state.pending() != null) {
      verifyPending(checkpoint, state, spec);
    }
    return state;
  }

  /**
   * A pending batch must be the one for the checkpoint's step and data position, and its rows must read back: a
   * valid batch of the description's row count and plan.
   */
  private static void verifyPending(Path checkpoint, State state, ModelSpec spec) {
    PendingBatch pending = state.pending();
    Path file = checkpoint.resolve(STATE);
    if (pending.step() != state.step() || pending.dataPosition() != state.dataPosition()) {
      throw InvalidInputException.of("%s: the pending batch is for step %d at data position %d, not for the "
          + "checkpoint's step %d at %d", file, pending.step(), pending.dataPosition(), state.step(),
          state.dataPosition());
    }
    try (BufferAllocator allocator = new RootAllocator();
        RolloutBatch rows = readPendingRows(checkpoint, allocator, spec.vocabSize())) {
      if (rows.rowCount() != pending.stats().sequences()) {
        throw InvalidInputException.of("%s: holds %d rows, but state.json says %d",
            checkpoint.resolve(PENDING_ROLLOUTS), rows.rowCount(), pending.stats().sequences());
      }
      for (int row = 0; row < rows.rowCount(); row++) {
        if (!Arrays.equals(rows.layerPlan(row), pending.draw().plan().layers())) {
          throw InvalidInputException.of("%s: row %d ran layers %s, but state.json's plan is %s",
              checkpoint.resolve(PENDING_ROLLOUTS), row, Arrays.toString(rows.layerPlan(row)),
              pending.draw().plan());
        }
      }
    }
  }

  /**
   * The rows of a checkpoint's pending batch, validated, allocated from {@code allocator}; the caller owns them.
   *
   * @throws InvalidInputException naming the file when it is missing or not a valid batch
   */
  public static RolloutBatch readPendingRows(Path checkpoint, BufferAllocator allocator, int vocabSize) {
    Path file = checkpoint.resolve(PENDING_ROLLOUTS);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the pending rollout batch: " + e.getMessage(), e);
    }
    try {
      return RolloutBatch.fromIpcBytes(bytes, allocator, vocabSize);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(file + ": " + e.getMessage(), e);
    }
  }

  /** Reads {@code state.json} of a checkpoint. */
  public static State readState(Path checkpoint) {
    Path file = checkpoint.resolve(STATE);
    try {
      JsonNode node = JSON.readTree(file.toFile());
      if (node == null || !node.path("step").isIntegralNumber() || !node.path("data_position").isIntegralNumber()) {
        throw InvalidInputException.of("%s: not a checkpoint state (needs the integers 'step' and "
            + "'data_position')", file);
      }
      return new State(node.path("step").asLong(), node.path("data_position").asLong(),
          node.path("policy_version").asLong(), node.path("seed").asLong(),
          node.path("config").isObject() ? node.get("config") : null, node.path("behavior_state").asText(""),
          node.hasNonNull("pending") ? PendingBatch.fromJson(node.get("pending"), file.toString()) : null);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read the checkpoint state: " + e.getMessage(), e);
    }
  }

  private void prune() {
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      FileTrees.delete(all.get(i));
    }
  }
}
