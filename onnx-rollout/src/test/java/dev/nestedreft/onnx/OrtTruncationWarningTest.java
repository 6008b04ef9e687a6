package dev.nestedreft.onnx;

import static dev.nestedreft.tck.support.RolloutInputs.prompts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.RolloutBackend;
import dev.nestedreft.spi.rollout.RolloutBatch;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Top-k and top-p sampling make the behavior log-probs those of the truncated distribution, which biases the
 * importance weights; the engine says so once, as a warning through {@code System.Logger} (java.util.logging by
 * default), which the user sees. Here the warning is caught and checked rather than printed.
 */
@Tag("native")
class OrtTruncationWarningTest extends ArrowLeakCheck {
  /** The engine's logger; held here, since java.util.logging keeps loggers only while something refers to them. */
  private final Logger log = Logger.getLogger(OrtRolloutEngine.class.getName());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler catcher = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private boolean parentHandlers;

  @BeforeEach
  void catchTheEnginesLog() {
    parentHandlers = log.getUseParentHandlers();
    log.setUseParentHandlers(false);
    log.addHandler(catcher);
  }

  @AfterEach
  void release() {
    log.removeHandler(catcher);
    log.setUseParentHandlers(parentHandlers);
  }

  @Test
  void truncatedSamplingWarnsOncePerEngineAndFullSamplingNever() {
    ModelSpec spec = ModelPresets.get("micro");
    try (WeightSet weights = WeightInitializer.initialize(spec, 3, allocator);
        RolloutBackend engine = new OrtBackendProvider().create(spec, allocator, BackendOptions.DEFAULT)) {
      engine.load(weights, spec.fullPlan());
      generate(engine, SamplingParams.sample(3, 1));
      assertThat(records).as("sampling from the full distribution").isEmpty();
      generate(engine, SamplingParams.sample(3, 1).withTopK(5));
      generate(engine, SamplingParams.sample(3, 2).withTopP(0.9));
    }
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.getLevel()).isEqualTo(Level.WARNING);
      assertThat(r.getMessage()).contains("top-k/top-p sampling: behavior log-probs are those of the truncated "
          + "distribution");
    });
  }

  private static void generate(RolloutBackend engine, SamplingParams params) {
    try (RolloutBatch batch = engine.generate(prompts(), 2, params)) {
      assertThat(batch.rowCount()).isPositive();
    }
  }
}
