package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's forward pass, on a tiny model directory. */
@Tag("native")
class ForwardPassTest {
  @TempDir Path dir;

  @Test
  void nestedLogprobsAreOneLogProbabilityPerNextToken() {
    float[][] logprobs = ForwardPass.nestedLogprobs(TinyModel.write(dir.resolve("tiny")));

    assertThat(logprobs).hasDimensions(1, 3);
    for (float logprob : logprobs[0]) {
      assertThat(logprob).isFinite().isNegative();
    }
  }
}
