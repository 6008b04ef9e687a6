package dev.nestedreft.api.learner;

import static dev.nestedreft.tck.support.TrainInputs.concat;
import static dev.nestedreft.tck.support.TrainInputs.sequences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.learner.TrainSequence;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightInitializer;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.support.ArrowLeakCheck;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow learner's completion log-probs are those of the ONNX Runtime forward pass. The learner's checks
 * that need no second backend are {@code TfLearnerTest} in tf-backend.
 */
@Tag("native")
class LearnerParityTest extends ArrowLeakCheck {
  private static final Backends BACKENDS = Backends.discover();
  private static final BackendOptions OPTIONS = BackendOptions.DEFAULT;

  @Test
  void completionLogprobsMatchTheForwardBackend() {
    ModelSpec spec = ModelPresets.get("micro-qwen2");
    List<TrainSequence> seqs = sequences(spec, 5, 1);
    try (WeightSet weights = WeightInitializer.initialize(spec, 4, allocator, true);
        LearnerBackend learner = BACKENDS.openLearner("tf", spec, weights, LearnerConfig.DEFAULT.withMicroBatch(2),
            OPTIONS);
        ForwardBackend forward = BACKENDS.open("onnx", spec, weights, OPTIONS)) {
      List<float[]> logprobs = learner.completionLogprobs(seqs, 0.8);
      List<float[]> reference = learner.referenceLogprobs(seqs, 0.8);
      for (int i = 0; i < seqs.size(); i++) {
        TrainSequence s = seqs.get(i);
        int[] all = concat(s.prompt(), s.completion());
        var logits = forward.logits(TokenBatch.of(all), spec.fullPlan());
        for (int k = 0; k < s.completion().length; k++) {
          int position = s.prompt().length + k - 1;
          double max = Double.NEGATIVE_INFINITY;
          for (int v = 0; v < spec.vocabSize(); v++) {
            max = Math.max(max, logits.at(0, position, v) / 0.8);
          }
          double sum = 0;
          for (int v = 0; v < spec.vocabSize(); v++) {
            sum += Math.exp(logits.at(0, position, v) / 0.8 - max);
          }
          double expected = logits.at(0, position, s.completion()[k]) / 0.8 - max - Math.log(sum);
          assertThat((double) logprobs.get(i)[k]).isCloseTo(expected, within(1e-4));
          assertThat(reference.get(i)[k]).isEqualTo(logprobs.get(i)[k]);
        }
      }
    }
  }
}
