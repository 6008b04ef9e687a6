package dev.nestedreft.tck.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.rollout.TokenSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract's reading of docs/ALGORITHMS.md's sampling distribution agrees with spi's {@link TokenSampler}, which
 * the built-in engine uses: for every draw where no near-tie makes the kept set uncertain, the log-prob it records is
 * the one {@link Truncation} computes, and the token is one truncation kept.
 */
class TruncationTest {
  @Test
  void agreesWithTheSamplerItDescribes() {
    SplittableRandom random = new SplittableRandom(3);
    int vocab = 50;
    int checked = 0;
    for (int trial = 0; trial < 600; trial++) {
      float[] logits = new float[vocab];
      double[] asDouble = new double[vocab];
      double scale = 0.1 + 4 * random.nextDouble();
      for (int v = 0; v < vocab; v++) {
        logits[v] = (float) (scale * random.nextGaussian());
        asDouble[v] = logits[v];
      }
      int[] ks = {0, 1, 5, 20, vocab};
      double[] ps = {1, 0.95, 0.6, 0.1};
      double[] temperatures = {1, 0.7, 1.6};
      SamplingParams params = new SamplingParams(temperatures[trial % 3], ks[random.nextInt(ks.length)],
          ps[random.nextInt(ps.length)], 1, new int[0], trial);
      TokenSampler.Draw draw = TokenSampler.draw(logits, 0, vocab, params, new SplittableRandom(trial));
      Double expected = Truncation.logprob(asDouble, params, draw.token());
      if (expected == null) {
        continue;
      }
      checked++;
      assertThat(expected).as("trial %d, %s: token %d was kept", trial, params, draw.token()).isFinite();
      assertThat(draw.logprob()).as("trial %d, %s", trial, params).isCloseTo(expected, within(1e-9));
    }
    assertThat(checked).isGreaterThan(500);
  }
}
