package dev.nestedreft.algos.behavior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The posterior of {@code adaptive} against an independent computation: Gaussian elimination on the normal
 * equations for the mean, the inverse of the precision for the spread of its samples.
 */
class LayerPosteriorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double PRIOR_SD = 0.1;
  private static final double NOISE_SD = 0.05;
  /** Plans over the layers 1–3 of a 5-layer model, and their observed costs. */
  private static final int[][] PLANS = {{1, 2}, {2, 3}, {1, 3}, {1}, {3}, {1, 2, 3}, {2, 3}};
  private static final double[] COSTS = {0.3, 0.25, 0.12, 0.07, 0.2, 0.5, Math.PI / 10};

  private static LayerPosterior observed(double forget) {
    LayerPosterior posterior = LayerPosterior.prior(5, 1, new double[] {0.1, 0.2, 0.05}, PRIOR_SD);
    for (int t = 0; t < PLANS.length; t++) {
      posterior = posterior.observe(t, PLANS[t], COSTS[t], forget, NOISE_SD);
    }
    return posterior;
  }

  /** {@code m⁻¹ v} by Gaussian elimination with partial pivoting. */
  private static double[] solve(double[][] m, double[] v) {
    int n = v.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = Arrays.copyOf(m[i], n + 1);
      a[i][n] = v[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        pivot = Math.abs(a[r][c]) > Math.abs(a[pivot][c]) ? r : pivot;
      }
      double[] swap = a[c];
      a[c] = a[pivot];
      a[pivot] = swap;
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k <= n; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = a[i][n] / a[i][i];
    }
    return x;
  }

  private static double[][] precision(LayerPosterior posterior) {
    ObjectNode state = JSON.createObjectNode();
    posterior.writeTo(state);
    JsonNode rows = state.get("precision");
    double[][] a = new double[rows.size()][rows.size()];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        a[i][j] = rows.get(i).get(j).asDouble();
      }
    }
    return a;
  }

  @Test
  void withoutForgettingItIsTheConjugatePosterior() {
    // (A0 + Xᵀ X / σ²) m = A0 μ0 + Xᵀ y / σ², A0 = I / σ0².
    double[][] a = new double[3][3];
    double[] b = new double[3];
    double[] prior = {0.1, 0.2, 0.05};
    for (int i = 0; i < 3; i++) {
      a[i][i] = 1 / (PRIOR_SD * PRIOR_SD);
      b[i] = a[i][i] * prior[i];
    }
    for (int t = 0; t < PLANS.length; t++) {
      for (int i : PLANS[t]) {
        b[i - 1] += COSTS[t] / (NOISE_SD * NOISE_SD);
        for (int j : PLANS[t]) {
          a[i - 1][j - 1] += 1 / (NOISE_SD * NOISE_SD);
        }
      }
    }
    double[] mean = solve(a, b);
    LayerPosterior posterior = observed(1);
    for (int layer = 1; layer <= 3; layer++) {
      assertThat(posterior.mean(layer)).as("layer %d", layer).isCloseTo(mean[layer - 1], within(1e-12));
    }
    assertThat(precision(posterior)).isDeepEqualTo(a);
    assertThat(posterior.observations()).isEqualTo(PLANS.length);
  }

  /**
   * A layer pair that cost 0.1 for 30 steps, then 0.3 for 10: without forgetting the estimate of the pair has
   * moved a quarter of the way (to 0.15, the average of all 40 steps); with {@code γ = 0.8}, a memory of about 5
   * steps, it is at 0.277: the costs' average weighted by {@code γ^age} (the old cost keeps {@code 0.8^10 = 11%}
   * of the weight, 0.279), drawn slightly towards the prior's 0.2. Layers never measured keep the prior's
   * precision (to rounding: the forgetting mixes it with itself).
   */
  @Test
  void forgettingFollowsACostThatChanges() {
    double[] sums = new double[2];
    double[] forgets = {1, 0.8};
    for (int f = 0; f < 2; f++) {
      double[] prior = new double[6];
      Arrays.fill(prior, 0.1);
      LayerPosterior posterior = LayerPosterior.prior(8, 1, prior, PRIOR_SD);
      for (int t = 0; t < 40; t++) {
        posterior = posterior.observe(t, new int[] {3, 2}, t < 30 ? 0.1 : 0.3, forgets[f], NOISE_SD);
      }
      sums[f] = posterior.mean(2) + posterior.mean(3);
      double[][] a = precision(posterior);
      for (int i : new int[] {0, 3, 4, 5}) {
        assertThat(a[i][i]).isCloseTo(1 / (PRIOR_SD * PRIOR_SD), within(1e-9));
      }
    }
    assertThat(sums[0]).isCloseTo(0.15, within(0.005));
    assertThat(sums[1]).isCloseTo(0.277, within(0.002));
  }

  /** 100,000 samples: their mean is {@code A⁻¹b} and their covariance {@code A⁻¹}, within five standard errors. */
  @Test
  void samplesHaveThePosteriorMeanAndCovariance() {
    LayerPosterior posterior = observed(0.9);
    double[][] a = precision(posterior);
    double[][] cov = new double[3][];
    for (int j = 0; j < 3; j++) {
      double[] unit = new double[3];
      unit[j] = 1;
      cov[j] = solve(a, unit);
    }
    int n = 100_000;
    double[][] samples = new double[n][];
    SplittableRandom random = new SplittableRandom(1);
    double[] mean = new double[3];
    for (int s = 0; s < n; s++) {
      samples[s] = posterior.sample(random);
      for (int i = 0; i < 3; i++) {
        mean[i] += samples[s][i] / n;
      }
    }
    for (int i = 0; i < 3; i++) {
      assertThat(mean[i]).as("mean %d", i).isCloseTo(posterior.mean(i + 1), within(5 * Math.sqrt(cov[i][i] / n)));
      for (int j = 0; j < 3; j++) {
        double c = 0;
        for (double[] sample : samples) {
          c += (sample[i] - mean[i]) * (sample[j] - mean[j]) / (n - 1);
        }
        double error = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] * cov[i][j]) / n);
        assertThat(c).as("cov %d %d", i, j).isCloseTo(cov[i][j], within(5 * error));
      }
    }
    // The precision's sign matters: the sampled spread is A⁻¹, not A (which is 10⁴ times larger here).
    assertThat(cov[0][0]).isLessThan(1e-2);
  }

  @Test
  void aStateRoundTripsBitForBit() throws Exception {
    LayerPosterior posterior = observed(0.93);
    ObjectNode written = JSON.createObjectNode();
    posterior.writeTo(written);
    LayerPosterior read = LayerPosterior.read(JSON.readTree(written.toString()), PRIOR_SD, "test");
    ObjectNode again = JSON.createObjectNode();
    read.writeTo(again);
    assertThat(again.toString()).isEqualTo(written.toString());
    for (int layer = 1; layer <= 3; layer++) {
      assertThat(Double.doubleToRawLongBits(read.mean(layer)))
          .isEqualTo(Double.doubleToRawLongBits(posterior.mean(layer)));
    }
    assertThat(read.sample(new SplittableRandom(5))).isEqualTo(posterior.sample(new SplittableRandom(5)));
    // And it learns on alike.
    assertThat(read.observe(9, new int[] {2}, 0.01, 0.93, NOISE_SD).mean(2))
        .isEqualTo(posterior.observe(9, new int[] {2}, 0.01, 0.93, NOISE_SD).mean(2));
  }
}
