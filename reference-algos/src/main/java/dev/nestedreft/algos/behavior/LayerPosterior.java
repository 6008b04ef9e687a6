package dev.nestedreft.algos.behavior;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Gaussian belief about what skipping each layer of a range {@code lo … lo + n − 1} costs, under the additive
 * model {@code y(S) = Σ_{l∈S} θ_l + ε}, {@code ε ~ N(0, σ²)}: Bayesian linear regression of the costs {@code y}
 * that steps report on the indicator {@code x} of their skipped layers, with the prior
 * {@code θ ~ N(μ0, σ0² I)} and exponential forgetting. In information form, with {@code A0 = I / σ0²} and
 * {@code b0 = A0 μ0}, each observation first forgets, {@code A ← γA + (1 − γ)A0}, {@code b ← γb + (1 − γ)b0},
 * then adds itself, {@code A ← A + x xᵀ / σ²}, {@code b ← b + x y / σ²}; the posterior is
 * {@code θ ~ N(A⁻¹b, A⁻¹)}. Since {@code A} starts at {@code A0} and both steps keep {@code A − A0} positive
 * semi-definite, {@code A ≥ A0} throughout: its Cholesky factor exists and its condition number stays below
 * {@code 1 + k σ0² / ((1 − γ) σ²)} for plans of {@code k} layers when {@code γ < 1}.
 *
 * <p>Immutable: an observation returns a new posterior, so a draw can never change one. {@code A} is kept exactly
 * symmetric (its upper triangle is computed and mirrored), and its factor and mean are derived once per
 * observation. Floating-point work uses {@link StrictMath} for the transcendental functions, so a state restored
 * on another machine or JVM samples the same numbers.
 */
final class LayerPosterior {
  private final int numLayers;
  private final int lo;
  private final double[] priorMean;
  private final double priorPrecision;
  private final double[][] precision;
  private final double[] shift;
  private final long observations;
  private final long lastStep;
  /** Lower-triangular {@code L}, {@code L Lᵀ = A}. */
  private final double[][] factor;
  private final double[] mean;

  private LayerPosterior(int numLayers, int lo, double[] priorMean, double priorPrecision, double[][] precision,
      double[] shift, long observations, long lastStep, double[][] factor) {
    this.numLayers = numLayers;
    this.lo = lo;
    this.priorMean = priorMean;
    this.priorPrecision = priorPrecision;
    this.precision = precision;
    this.shift = shift;
    this.observations = observations;
    this.lastStep = lastStep;
    this.factor = factor;
    this.mean = solve(factor, shift);
  }

  /**
   * The prior alone, for the range {@code lo … lo + priorMean.length − 1} of an {@code numLayers}-layer model.
   *
   * @param priorSd {@code σ0}, {@code > 0}
   */
  static LayerPosterior prior(int numLayers, int lo, double[] priorMean, double priorSd) {
    int n = priorMean.length;
    double p0 = 1 / (priorSd * priorSd);
    double[][] a = new double[n][n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i][i] = p0;
      b[i] = p0 * priorMean[i];
    }
    return new LayerPosterior(numLayers, lo, priorMean.clone(), p0, a, b, 0, -1, factor(a));
  }

  /**
   * This belief after step {@code step} reported cost {@code y} for skipping {@code skipped} (layers of the
   * range): forget with {@code γ = forget}, then add the observation with noise {@code σ = noiseSd}.
   */
  LayerPosterior observe(long step, int[] skipped, double y, double forget, double noiseSd) {
    int n = priorMean.length;
    double[][] a = new double[n][n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        a[i][j] = forget * precision[i][j] + (i == j ? (1 - forget) * priorPrecision : 0);
      }
      b[i] = forget * shift[i] + (1 - forget) * priorPrecision * priorMean[i];
    }
    double w = 1 / (noiseSd * noiseSd);
    int[] x = skipped.clone();
    Arrays.sort(x);
    for (int p = 0; p < x.length; p++) {
      int i = x[p] - lo;
      b[i] += w * y;
      for (int q = p; q < x.length; q++) {
        a[i][x[q] - lo] += w;
      }
    }
    mirror(a);
    return new LayerPosterior(numLayers, lo, priorMean, priorPrecision, a, b, observations + 1, step,
        factor(a));
  }

  int numLayers() {
    return numLayers;
  }

  int lo() {
    return lo;
  }

  /** Number of layers of the range. */
  int size() {
    return priorMean.length;
  }

  long observations() {
    return observations;
  }

  /** The posterior mean of {@code θ_layer}. */
  double mean(int layer) {
    return mean[layer - lo];
  }

  /**
   * One draw of {@code θ ~ N(A⁻¹b, A⁻¹)}, element {@code i} for layer {@code lo + i}: {@code A⁻¹b + L⁻ᵀ z} with
   * {@code z} standard normal ({@code Cov(L⁻ᵀ z) = (L Lᵀ)⁻¹}), {@code z} by the Box–Muller transform of
   * {@code random}'s doubles.
   */
  double[] sample(SplittableRandom random) {
    int n = mean.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i += 2) {
      double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - random.nextDouble()));
      double angle = 2 * StrictMath.PI * random.nextDouble();
      z[i] = radius * StrictMath.cos(angle);
      if (i + 1 < n) {
        z[i + 1] = radius * StrictMath.sin(angle);
      }
    }
    double[] u = backSubstitute(factor, z);
    for (int i = 0; i < n; i++) {
      u[i] += mean[i];
    }
    return u;
  }

  /**
   * Writes the belief into {@code state}: {@code num_layers}, {@code layers} (the range), {@code prior_mean},
   * {@code precision} ({@code A}, by rows), {@code b}, {@code observations}, {@code last_step}, and, for readers,
   * {@code mean} ({@code A⁻¹b}, derived again on reading).
   */
  void writeTo(ObjectNode state) {
    state.put("num_layers", numLayers);
    ArrayNode layers = state.putArray("layers");
    for (int i = 0; i < priorMean.length; i++) {
      layers.add(lo + i);
    }
    numbers(state.putArray("prior_mean"), priorMean);
    ArrayNode rows = state.putArray("precision");
    for (double[] row : precision) {
      numbers(rows.addArray(), row);
    }
    numbers(state.putArray("b"), shift);
    state.put("observations", observations);
    state.put("last_step", lastStep);
    numbers(state.putArray("mean"), mean);
  }

  /**
   * Reads what {@link #writeTo} wrote; {@code σ0} is a parameter, not part of the state.
   *
   * @throws InvalidInputException naming {@code where} and the field when a field is missing or malformed, or
   *     when {@code A} is not symmetric positive definite
   */
  static LayerPosterior read(JsonNode state, double priorSd, String where) {
    int numLayers = integer(state, "num_layers", where);
    JsonNode layers = state.get("layers");
    if (layers == null || !layers.isArray()) {
      throw InvalidInputException.of("%s: field 'layers' must be an array of consecutive layers", where);
    }
    int n = layers.size();
    int lo = n == 0 ? 0 : integer(layers, 0, "layers", where);
    for (int i = 0; i < n; i++) {
      if (integer(layers, i, "layers", where) != lo + i || lo + i >= numLayers || lo < 0) {
        throw InvalidInputException.of("%s: field 'layers' must list consecutive layers of the %d-layer model, "
            + "got %s", where, numLayers, layers);
      }
    }
    double[] priorMean = numbers(state.get("prior_mean"), "prior_mean", n, where);
    JsonNode rows = state.get("precision");
    if (rows == null || !rows.isArray() || rows.size() != n) {
      throw InvalidInputException.of("%s: field 'precision' must be %d rows of %d numbers", where, n, n);
    }
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = numbers(rows.get(i), "precision[" + i + "]", n, where);
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (Double.compare(a[i][j], a[j][i]) != 0) {
          throw InvalidInputException.of("%s: field 'precision' must be symmetric: [%d][%d] = %s, [%d][%d] = %s",
              where, i, j, a[i][j], j, i, a[j][i]);
        }
      }
    }
    double[][] factor = tryFactor(a, 0);
    if (factor == null) {
      throw InvalidInputException.of("%s: field 'precision' must be positive definite", where);
    }
    double[] b = numbers(state.get("b"), "b", n, where);
    long observations = whole(state, "observations", 0, where);
    long lastStep = whole(state, "last_step", -1, where);
    return new LayerPosterior(numLayers, lo, priorMean, 1 / (priorSd * priorSd), a, b, observations, lastStep,
        factor);
  }

  // ---- linear algebra ----

  /** The Cholesky factor of {@code a}, with a growing diagonal jitter should rounding make a pivot non-positive. */
  private static double[][] factor(double[][] a) {
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(a[i][i]));
    }
    double jitter = 0;
    for (int attempt = 0; attempt < 10; attempt++) {
      double[][] l = tryFactor(a, jitter);
      if (l != null) {
        return l;
      }
      jitter = jitter == 0 ? scale * 1e-14 : jitter * 10;
    }
    throw new IllegalStateException("the precision matrix is not positive definite even with a jitter of "
        + jitter + ": " + Arrays.deepToString(a));
  }

  /** The lower Cholesky factor of {@code a + jitter·I}, or null when a pivot is not positive and finite. */
  private static double[][] tryFactor(double[][] a, double jitter) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j] + (i == j ? jitter : 0);
        for (int m = 0; m < j; m++) {
          sum -= l[i][m] * l[j][m];
        }
        if (i == j) {
          if (!(sum > 0) || !Double.isFinite(sum)) {
            return null;
          }
          l[i][i] = StrictMath.sqrt(sum);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return l;
  }

  /** {@code (L Lᵀ)⁻¹ v}: forward, then back substitution. */
  private static double[] solve(double[][] l, double[] v) {
    int n = v.length;
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = v[i];
      for (int m = 0; m < i; m++) {
        sum -= l[i][m] * w[m];
      }
      w[i] = sum / l[i][i];
    }
    return backSubstitute(l, w);
  }

  /** {@code L⁻ᵀ v}. */
  private static double[] backSubstitute(double[][] l, double[] v) {
    int n = v.length;
    double[] u = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = v[i];
      for (int m = i + 1; m < n; m++) {
        sum -= l[m][i] * u[m];
      }
      u[i] = sum / l[i][i];
    }
    return u;
  }

  private static void mirror(double[][] a) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < i; j++) {
        a[i][j] = a[j][i];
      }
    }
  }

  // ---- JSON ----

  private static void numbers(ArrayNode out, double[] values) {
    for (double v : values) {
      out.add(v);
    }
  }

  private static double[] numbers(JsonNode array, String field, int n, String where) {
    if (array == null || !array.isArray() || array.size() != n) {
      throw InvalidInputException.of("%s: field '%s' must be an array of %d numbers", where, field, n);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      JsonNode v = array.get(i);
      if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
        throw InvalidInputException.of("%s: field '%s' must hold finite numbers, got %s at %d", where, field, v, i);
      }
      out[i] = v.asDouble();
    }
    return out;
  }

  private static int integer(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
      throw InvalidInputException.of("%s: field '%s' must be a positive integer", where, field);
    }
    return v.asInt();
  }

  private static int integer(JsonNode array, int i, String field, String where) {
    JsonNode v = array.get(i);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw InvalidInputException.of("%s: field '%s' must hold integers, got %s", where, field, v);
    }
    return v.asInt();
  }

  private static long whole(JsonNode node, String field, long min, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min) {
      throw InvalidInputException.of("%s: field '%s' must be an integer >= %d", where, field, min);
    }
    return v.asLong();
  }
}
