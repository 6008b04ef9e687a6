package dev.nestedreft.tck.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.reference.ReferenceForwardBackend;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of a {@link ForwardBackend}, created through its {@link ForwardBackendProvider}: the logits of the
 * Hugging Face forward pass restricted to a layer plan, equal to the plain-Java {@link ReferenceForwardBackend}'s
 * within {@value #TOLERANCE} (max absolute logit difference, fp32), for the full plan and nested plans, on both
 * shapes of the test presets (grouped-query attention with a tied head, {@code micro}; q/k/v biases with an untied
 * head, {@code micro-qwen2}), with random norm weights and biases so that every parameter matters. Also: a plan for
 * another depth and a token outside the vocabulary are refused with an {@link InvalidInputException}; the backend
 * keeps its own copy of the weights (the caller may close them once {@code create} returns); and closing the
 * backend frees what it allocated (the test's allocator is closed after each test, so a leak fails it).
 *
 * <p>Extend it with the provider under test; tag the subclass {@code native} when the backend loads a native
 * library:
 *
 * <pre>
 * &#64;Tag("native")
 * class MyForwardBackendTest extends ForwardBackendContract {
 *   protected ForwardBackendProvider provider() { return new MyBackendProvider(); }
 * }
 * </pre>
 */
public abstract class ForwardBackendContract extends ArrowLeakCheck {
  /** The largest absolute logit difference from the reference that the contract accepts. */
  public static final double TOLERANCE = 1e-4;

  /** The provider under test. */
  protected abstract ForwardBackendProvider provider();

  /** The options every backend is created with: the defaults, with one intra-op thread. */
  protected BackendOptions options() {
    return BackendOptions.DEFAULT.withIntraOpThreads(1);
  }

  /** The model presets the checks run on: {@code micro} and {@code micro-qwen2}, the two shapes. */
  protected List<String> presets() {
    return List.of("micro", "micro-qwen2");
  }

  /**
   * The plans compared with the reference: the full plan, one interior layer skipped, the first and last layers
   * skipped, and only the last layer kept.
   */
  protected List<LayerPlan> plans(ModelSpec spec) {
    int layers = spec.numHiddenLayers();
    return List.of(spec.fullPlan(), LayerPlan.skipping(layers, layers / 2), LayerPlan.skipping(layers, 0, layers - 1),
        LayerPlan.of(layers, layers - 1));
  }

  @Test
  void isAvailableAndNamesItsBackendsAfterItself() {
    ForwardBackendProvider provider = provider();
    assertThat(provider.name()).isNotBlank();
    assertThat(provider.isAvailable()).as("provider '%s' is available", provider.name()).isTrue();
    ModelSpec spec = ModelPresets.get(presets().get(0));
    try (WeightSet weights = WeightInitializer.initialize(spec, 1, allocator);
        ForwardBackend backend = provider.create(spec, weights, options())) {
      assertThat(backend.name()).isEqualTo(provider.name());
      assertThat(backend.spec()).isEqualTo(spec);
    }
  }

  /** Three rows of 11 random tokens, every plan of {@link #plans}, every preset of {@link #presets}. */
  @Test
  void agreesWithTheReferenceForTheFullPlanAndNestedPlans() {
    for (String preset : presets()) {
      ModelSpec spec = ModelPresets.get(preset);
      TokenBatch tokens = TokenBatch.random(spec.vocabSize(), 3, 11, 7);
      try (WeightSet weights = WeightInitializer.initialize(spec, 42, allocator, true);
          ForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
          ForwardBackend backend = provider().create(spec, weights, options())) {
        for (LayerPlan plan : plans(spec)) {
          Logits actual = backend.logits(tokens, plan);
          assertThat(new int[] {actual.batch(), actual.length(), actual.vocab()}).as("%s %s: logits shape", preset,
              plan).containsExactly(tokens.batch(), tokens.length(), spec.vocabSize());
          assertThat(actual.maxAbsDiff(reference.logits(tokens, plan))).as("%s, plan %s: max |logit - reference|",
              preset, plan).isLessThanOrEqualTo(TOLERANCE);
        }
      }
    }
  }

  /** The logits of a row do not depend on the rows batched with it, nor on what the backend computed before. */
  @Test
  void aRowsLogitsDoNotDependOnItsBatch() {
    ModelSpec spec = ModelPresets.get(presets().get(0));
    TokenBatch three = TokenBatch.random(spec.vocabSize(), 3, 9, 3);
    LayerPlan nested = plans(spec).get(1);
    try (WeightSet weights = WeightInitializer.initialize(spec, 4, allocator, true);
        ForwardBackend backend = provider().create(spec, weights, options())) {
      Logits together = backend.logits(three, nested);
      backend.logits(three, spec.fullPlan());
      for (int row = 0; row < 3; row++) {
        Logits alone = backend.logits(TokenBatch.of(three.row(row)), nested);
        double maxDiff = 0;
        for (int t = 0; t < three.length(); t++) {
          for (int v = 0; v < spec.vocabSize(); v++) {
            maxDiff = Math.max(maxDiff, Math.abs(alone.at(0, t, v) - together.at(row, t, v)));
          }
        }
        assertThat(maxDiff).as("row %d alone against in a batch of 3", row).isLessThanOrEqualTo(TOLERANCE);
      }
    }
  }

  @Test
  void refusesAPlanForAnotherDepthAndTokensOutsideTheVocabulary() {
    ModelSpec spec = ModelPresets.get(presets().get(0));
    try (WeightSet weights = WeightInitializer.initialize(spec, 2, allocator);
        ForwardBackend backend = provider().create(spec, weights, options())) {
      TokenBatch tokens = TokenBatch.of(new int[] {1, 2, 3});
      LayerPlan deeper = LayerPlan.full(spec.numHiddenLayers() + 1);
      assertThatThrownBy(() -> backend.logits(tokens, deeper)).as("a plan for %d layers", deeper.numLayers())
          .isInstanceOf(InvalidInputException.class);
      TokenBatch outside = TokenBatch.of(new int[] {1, spec.vocabSize()});
      assertThatThrownBy(() -> backend.logits(outside, spec.fullPlan())).as("token %d", spec.vocabSize())
          .isInstanceOf(InvalidInputException.class);
      TokenBatch negative = TokenBatch.of(new int[] {-1, 2});
      assertThatThrownBy(() -> backend.logits(negative, spec.fullPlan())).as("token -1")
          .isInstanceOf(InvalidInputException.class);
    }
  }

  /** The provider's javadoc: the caller keeps ownership of the weights and may close them once create returns. */
  @Test
  void keepsItsOwnCopyOfTheWeights() {
    ModelSpec spec = ModelPresets.get(presets().get(presets().size() - 1));
    TokenBatch tokens = TokenBatch.random(spec.vocabSize(), 2, 6, 8);
    LayerPlan nested = plans(spec).get(1);
    Logits expected;
    ForwardBackend backend;
    try (WeightSet weights = WeightInitializer.initialize(spec, 3, allocator, true);
        ForwardBackend reference = ReferenceForwardBackend.create(spec, weights)) {
      expected = reference.logits(tokens, nested);
      backend = provider().create(spec, weights, options());
    }
    try (backend) {
      assertThat(backend.logits(tokens, nested).maxAbsDiff(expected)).as("after the weights were closed")
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }
}
