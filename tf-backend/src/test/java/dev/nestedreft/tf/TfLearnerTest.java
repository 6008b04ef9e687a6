package dev.nestedreft.tf;

import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.tck.learner.LearnerBackendContract;
import org.junit.jupiter.api.Tag;

/**
 * The TensorFlow learner against the tck's learner contract: log-probs equal to the plain-Java reference's, the
 * documented loss (policy gradient, k1/k2/k3 KL, entropy bonus), gradients against central finite differences,
 * micro-batching, AdamW steps with the schedule's learning rate, the frozen reference, exact weight and optimiser
 * state round trips, and skipped non-finite steps. Every check it used to make on its own is now in the contract.
 * Each op it differentiates through is checked in isolation by {@code TfOpGradientTest}; its parity with ONNX
 * Runtime's forward pass is {@code LearnerParityTest} in the api.
 */
@Tag("native")
@Tag("slow")
class TfLearnerTest extends LearnerBackendContract {
  @Override
  protected LearnerBackendProvider provider() {
    return new TfBackendProvider();
  }
}
