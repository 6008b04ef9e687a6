package dev.nestedreft.spi.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RolloutBatchTest {
  private static final int VOCAB = 50;

  /** A fresh allocator per test, closed after it: a leaked buffer fails the test (the tck's ArrowLeakCheck). */
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void closeAllocator() {
    allocator.close();
  }

  private static Completion good(int sample) {
    return new Completion(7, sample, new int[] {1, 2, 3}, new int[] {4, 5}, new float[] {-0.5f, -1.25f},
        FinishReason.STOP, new int[] {0, 1, 3}, 12);
  }

  @Test
  void roundTripsThroughArrowIpcBytes() {
    List<Completion> rows = List.of(good(0), new Completion(8, 1, new int[] {9}, new int[] {}, new float[] {},
        FinishReason.LENGTH, new int[] {0, 1, 2, 3}, 12));
    try (RolloutBatch batch = RolloutBatch.of(allocator, rows, Map.of(RolloutSchema.META_SEED, "3"))) {
      byte[] bytes = batch.toIpcBytes();
      try (RolloutBatch read = RolloutBatch.fromIpcBytes(bytes, allocator, VOCAB)) {
        assertThat(read.rowCount()).isEqualTo(2);
        assertThat(read.metadata()).containsEntry(RolloutSchema.META_SEED, "3");
        assertThat(read.schema().getFields()).isEqualTo(RolloutSchema.schema(Map.of()).getFields());
        for (int row = 0; row < 2; row++) {
          Completion expected = rows.get(row);
          Completion actual = read.row(row);
          assertThat(actual.promptId()).isEqualTo(expected.promptId());
          assertThat(actual.sampleIndex()).isEqualTo(expected.sampleIndex());
          assertThat(actual.promptTokens()).isEqualTo(expected.promptTokens());
          assertThat(actual.completionTokens()).isEqualTo(expected.completionTokens());
          assertThat(actual.behaviorLogprobs()).isEqualTo(expected.behaviorLogprobs());
          assertThat(actual.finishReason()).isEqualTo(expected.finishReason());
          assertThat(actual.layerPlan()).isEqualTo(expected.layerPlan());
          assertThat(actual.policyVersion()).isEqualTo(12);
        }
        assertThat(read.completionTokenCount()).isEqualTo(2);
      }
    }
  }

  @Test
  void logprobCountMustMatchTheCompletion() {
    assertRejected(c -> new Completion(c.promptId(), c.sampleIndex(), c.promptTokens(), c.completionTokens(),
        new float[] {-1f}, c.finishReason(), c.layerPlan(), c.policyVersion()),
        "rollout batch row 1, column behavior_logprobs: has 1 values but completion_tokens has 2 tokens");
  }

  @Test
  void tokensMustBeInTheVocabulary() {
    assertRejected(c -> new Completion(c.promptId(), c.sampleIndex(), c.promptTokens(), new int[] {4, 50},
        c.behaviorLogprobs(), c.finishReason(), c.layerPlan(), c.policyVersion()),
        "row 1, column completion_tokens: token 50 at position 1 is outside the vocabulary [0, 50)");
    assertRejected(c -> new Completion(c.promptId(), c.sampleIndex(), new int[] {-1}, c.completionTokens(),
        c.behaviorLogprobs(), c.finishReason(), c.layerPlan(), c.policyVersion()),
        "row 1, column prompt_tokens: token -1 at position 0");
  }

  @Test
  void logprobsMustBeFiniteAndNotPositive() {
    for (float bad : new float[] {0.5f, Float.NaN, Float.NEGATIVE_INFINITY}) {
      assertRejected(c -> new Completion(c.promptId(), c.sampleIndex(), c.promptTokens(), c.completionTokens(),
          new float[] {-1f, bad}, c.finishReason(), c.layerPlan(), c.policyVersion()),
          "row 1, column behavior_logprobs: value 1 is " + bad);
    }
  }

  @Test
  void layerPlanMustBeIncreasing() {
    assertRejected(c -> new Completion(c.promptId(), c.sampleIndex(), c.promptTokens(), c.completionTokens(),
        c.behaviorLogprobs(), c.finishReason(), new int[] {2, 1}, c.policyVersion()),
        "row 1, column layer_plan: [2, 1] is not a strictly increasing");
  }

  @Test
  void garbageBytesAreRefused() {
    assertThatThrownBy(() -> RolloutBatch.fromIpcBytes(new byte[] {1, 2, 3}, allocator, VOCAB))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("rollout batch");
  }

  /** Row 1 is {@code edit(good)}; the batch must fail validation after an IPC round trip with {@code message}. */
  private void assertRejected(UnaryOperator<Completion> edit, String message) {
    try (RolloutBatch batch = RolloutBatch.of(allocator, List.of(good(0), edit.apply(good(1))), Map.of())) {
      byte[] bytes = batch.toIpcBytes();
      assertThatThrownBy(() -> RolloutBatch.fromIpcBytes(bytes, allocator, VOCAB))
          .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }
  }
}
