package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.LearnerService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.io.IOException;
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

/**
 * Checkpoints of a run: {@code checkpoints/step-000010/} holds the weights (HF layout: config.json and
 * model.safetensors), the AdamW state ({@code optimizer.safetensors}) and {@code state.json} (the step, the data
 * position, the policy version, the seeds, the behavior policy's state and the resolved config). A checkpoint is
 * written into a hidden temporary directory and renamed into place, so a directory named {@code step-*} is always
 * complete; the last {@code keep} are kept.
 */
public final class Checkpoints {
  public static final String STATE = "state.json";
  public static final String OPTIMIZER = "optimizer.safetensors";
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
   */
  public record State(long step, long dataPosition, long policyVersion, long seed, JsonNode config,
      String behaviorState) {
    public State {
      behaviorState = behaviorState == null ? "" : behaviorState;
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
    return save(state, spec, learner, provenance, allocator, null);
  }

  /**
   * Like {@link #save(State, ModelSpec, LearnerService, Provenance, BufferAllocator)}; the tokenizer and generation
   * files of {@code sourceModel} (when not null) are copied in, so the checkpoint is a complete Hugging Face model
   * directory that transformers-based tools load unchanged.
   */
  public Path save(State state, ModelSpec spec, LearnerService learner, Provenance provenance,
      BufferAllocator allocator, Path sourceModel) {
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
      AtomicFiles.writeString(tmp.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          JSON.createObjectNode().put("step", state.step()).put("data_position", state.dataPosition())
              .put("policy_version", state.policyVersion()).put("seed", state.seed())
              .put("behavior_state", state.behaviorState()).set("config", state.config())));
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
    return state;
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
          node.path("config").isObject() ? node.get("config") : null, node.path("behavior_state").asText(""));
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
