package dev.nestedreft.spi.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {
  // log-softmax of {2, 1, 0, -1} is {-0.4402, -1.4402, -2.4402, -3.4402}.
  private static final float[] LOGITS = {2f, 1f, 0f, -1f};

  @Test
  void greedyTakesTheArgmaxWithLogprobZero() {
    TokenSampler.Draw d = TokenSampler.draw(new float[] {0f, 3f, 3f, 1f}, 0, 4, SamplingParams.greedy(1),
        new SplittableRandom(1));
    assertThat(d.token()).isEqualTo(1);
    assertThat(d.logprob()).isZero();
  }

  @Test
  void plainSamplingRecordsTheFullSoftmax() {
    SamplingParams p = SamplingParams.sample(1, 0);
    double[] expected = {-0.44019, -1.44019, -2.44019, -3.44019};
    int[] counts = new int[4];
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 20000; i++) {
      TokenSampler.Draw d = TokenSampler.draw(LOGITS, 0, 4, p, random);
      assertThat(d.logprob()).isCloseTo(expected[d.token()], offset(1e-4));
      counts[d.token()]++;
    }
    // Frequencies follow the recorded probabilities (0.644, 0.237, 0.087, 0.032).
    assertThat(counts[0] / 20000.0).isCloseTo(0.6439, offset(0.015));
    assertThat(counts[3] / 20000.0).isCloseTo(0.0321, offset(0.006));
  }

  @Test
  void temperatureAloneDrawsExactlyWhatTheGeneralPathDraws() {
    // Temperature alone takes an allocation-free path. A top-p that keeps every token takes the general one, with
    // the same arithmetic, so the two must agree draw for draw, at any offset into the logits.
    float[] logits = {9f, 2f, 1f, 0f, -1f, 0.5f};
    SamplingParams plain = SamplingParams.sample(1, 0).withTemperature(0.7);
    SamplingParams keepAll = plain.withTopP(0.999999);
    SplittableRandom a = new SplittableRandom(11);
    SplittableRandom b = new SplittableRandom(11);
    for (int i = 0; i < 5000; i++) {
      TokenSampler.Draw fast = TokenSampler.draw(logits, 1, 5, plain, a);
      TokenSampler.Draw general = TokenSampler.draw(logits, 1, 5, keepAll, b);
      assertThat(fast).isEqualTo(general);
    }
  }

  @Test
  void temperatureTopKAndTopPRenormalise() {
    // T = 0.5: logits {4, 2, 0, -2}; top-k 2 keeps {0, 1}: log q = {-0.12693, -2.12693}.
    SplittableRandom random = new SplittableRandom(5);
    SamplingParams topK = SamplingParams.sample(1, 0).withTemperature(0.5).withTopK(2);
    for (int i = 0; i < 200; i++) {
      TokenSampler.Draw d = TokenSampler.draw(LOGITS, 0, 4, topK, random);
      assertThat(d.token()).isIn(0, 1);
      assertThat(d.logprob()).isCloseTo(d.token() == 0 ? -0.12693 : -2.12693, offset(1e-4));
    }
    // top-p 0.8 at T = 1: 0.644 < 0.8 <= 0.644 + 0.237, so {0, 1} are kept: log q = {-0.31326, -1.31326}.
    SamplingParams topP = SamplingParams.sample(1, 0).withTopP(0.8);
    for (int i = 0; i < 200; i++) {
      TokenSampler.Draw d = TokenSampler.draw(LOGITS, 0, 4, topP, random);
      assertThat(d.token()).isIn(0, 1);
      assertThat(d.logprob()).isCloseTo(d.token() == 0 ? -0.31326 : -1.31326, offset(1e-4));
    }
    assertThat(topP.truncates()).isTrue();
    assertThat(SamplingParams.sample(1, 0).truncates()).isFalse();
  }

  @Test
  void streamsDependOnlyOnSeedPromptAndSample() {
    assertThat(TokenSampler.streamFor(1, 2, 3).nextLong()).isEqualTo(TokenSampler.streamFor(1, 2, 3).nextLong());
    assertThat(TokenSampler.streamFor(1, 2, 3).nextLong()).isNotEqualTo(TokenSampler.streamFor(1, 2, 4).nextLong());
    assertThat(TokenSampler.streamFor(1, 2, 3).nextLong()).isNotEqualTo(TokenSampler.streamFor(1, 3, 3).nextLong());
    assertThat(TokenSampler.streamFor(1, 2, 3).nextLong()).isNotEqualTo(TokenSampler.streamFor(2, 2, 3).nextLong());
  }
}
