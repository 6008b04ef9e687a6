package dev.nestedreft.tck.reference;

import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.model.Rope;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The reference forward pass: plain loops in double precision that follow Hugging Face's
 * {@code modeling_llama.py} step by step (key-value heads shared by {@code repeat_kv}: query head {@code h} reads
 * key-value head {@code h / (heads / kv_heads)}; {@code rotate_half}; softmax over {@code j <= i}). It shares no
 * code with the TensorFlow or ONNX graphs, so agreement with it checks the architecture (docs/ALGORITHMS.md), not
 * just two backends against each other. The contracts of this kit compare every forward, rollout and learner
 * backend with it.
 *
 * <p>Slow (no batching, no cache): meant for the test presets ({@code micro}, {@code micro-qwen2}). Holds heap
 * copies of the weights; {@link #close()} frees nothing. Immutable, so thread-safe.
 */
public final class ReferenceForwardBackend implements ForwardBackend {
  private final ModelSpec spec;
  private final Map<String, float[]> w;

  private ReferenceForwardBackend(ModelSpec spec, Map<String, float[]> w) {
    this.spec = spec;
    this.w = w;
  }

  /**
   * A backend over a copy of {@code weights}; the caller keeps ownership of them and may close them once this
   * returns.
   *
   * @throws dev.nestedreft.spi.InvalidInputException when the weights do not fit the spec
   */
  public static ReferenceForwardBackend create(ModelSpec spec, WeightSet weights) {
    weights.validateAgainst(spec, "weights");
    Map<String, float[]> copy = new HashMap<>();
    for (String name : weights.names()) {
      copy.put(name, weights.toArray(name));
    }
    return new ReferenceForwardBackend(spec, copy);
  }

  @Override
  public String name() {
    return ReferenceBackendProvider.NAME;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  /**
   * {@inheritDoc} Each row is computed on its own, in double precision, and rounded to fp32 at the end.
   */
  @Override
  public Logits logits(TokenBatch tokens, LayerPlan plan) {
    ForwardBackend.checkInputs(spec, tokens, plan);
    int vocab = spec.vocabSize();
    float[] out = new float[tokens.batch() * tokens.length() * vocab];
    for (int b = 0; b < tokens.batch(); b++) {
      double[][] logits = row(tokens.row(b), plan);
      for (int t = 0; t < logits.length; t++) {
        for (int v = 0; v < vocab; v++) {
          out[(b * tokens.length() + t) * vocab + v] = (float) logits[t][v];
        }
      }
    }
    return new Logits(tokens.batch(), tokens.length(), vocab, out);
  }

  /**
   * The logits of every position of one sequence, in double precision (not rounded to fp32).
   *
   * @return {@code [ids.length][vocab]}
   * @throws dev.nestedreft.spi.InvalidInputException as {@link #logits}
   */
  public double[][] rowLogits(int[] ids, LayerPlan plan) {
    ForwardBackend.checkInputs(spec, TokenBatch.of(ids), plan);
    return row(ids, plan);
  }

  /**
   * {@code log softmax(logits / T)} of each completion token given everything before it, in double precision:
   * entry {@code t} is {@code log p(completion[t] | prompt, completion[0..t))} under the plan at temperature
   * {@code temperature}.
   */
  public double[] completionLogprobs(int[] prompt, int[] completion, LayerPlan plan, double temperature) {
    double[][] logits = rowLogits(concat(prompt, completion), plan);
    double[] out = new double[completion.length];
    for (int t = 0; t < completion.length; t++) {
      out[t] = logSoftmax(logits[prompt.length + t - 1], temperature)[completion[t]];
    }
    return out;
  }

  /** {@code log softmax(logits / temperature)}, max-shifted, in double precision. */
  public static double[] logSoftmax(double[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    for (double v : logits) {
      sum += Math.exp(v / temperature - max);
    }
    double logZ = max + Math.log(sum);
    double[] out = new double[logits.length];
    for (int v = 0; v < logits.length; v++) {
      out[v] = logits[v] / temperature - logZ;
    }
    return out;
  }

  private static int[] concat(int[] prompt, int[] completion) {
    int[] out = Arrays.copyOf(prompt, prompt.length + completion.length);
    System.arraycopy(completion, 0, out, prompt.length, completion.length);
    return out;
  }

  private double[][] row(int[] ids, LayerPlan plan) {
    int n = ids.length;
    int hidden = spec.hiddenSize();
    float[] embed = w.get(WeightNames.EMBED);
    double[][] h = new double[n][hidden];
    for (int t = 0; t < n; t++) {
      for (int d = 0; d < hidden; d++) {
        h[t][d] = embed[ids[t] * hidden + d];
      }
    }
    for (int layer : plan.layers()) {
      double[][] normed = rmsNorm(h, w.get(WeightNames.layer(layer, WeightNames.INPUT_NORM)));
      double[][] attn = attention(layer, normed);
      for (int t = 0; t < n; t++) {
        for (int d = 0; d < hidden; d++) {
          h[t][d] += attn[t][d];
        }
      }
      normed = rmsNorm(h, w.get(WeightNames.layer(layer, WeightNames.POST_ATTENTION_NORM)));
      double[][] gate = linear(normed, layer, WeightNames.GATE_PROJ, false);
      double[][] up = linear(normed, layer, WeightNames.UP_PROJ, false);
      for (int t = 0; t < n; t++) {
        for (int i = 0; i < gate[t].length; i++) {
          double g = gate[t][i];
          gate[t][i] = g / (1 + Math.exp(-g)) * up[t][i];
        }
      }
      double[][] down = linear(gate, layer, WeightNames.DOWN_PROJ, false);
      for (int t = 0; t < n; t++) {
        for (int d = 0; d < hidden; d++) {
          h[t][d] += down[t][d];
        }
      }
    }
    h = rmsNorm(h, w.get(WeightNames.FINAL_NORM));
    return matmulTransposed(h, w.get(WeightNames.headSource(spec)), spec.vocabSize(), null);
  }

  private double[][] rmsNorm(double[][] x, float[] weight) {
    double[][] out = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      double mean = 0;
      for (double v : x[t]) {
        mean += v * v;
      }
      mean /= x[t].length;
      double scale = 1 / Math.sqrt(mean + spec.rmsNormEps());
      out[t] = new double[x[t].length];
      for (int d = 0; d < x[t].length; d++) {
        out[t][d] = weight[d] * (x[t][d] * scale);
      }
    }
    return out;
  }

  private double[][] linear(double[][] x, int layer, String module, boolean bias) {
    float[] weight = w.get(WeightNames.weight(layer, module));
    int outFeatures = weight.length / x[0].length;
    return matmulTransposed(x, weight, outFeatures, bias ? w.get(WeightNames.bias(layer, module)) : null);
  }

  /** {@code x W^T + b} with W stored {@code [out, in]}. */
  private static double[][] matmulTransposed(double[][] x, float[] weight, int outFeatures, float[] bias) {
    int in = x[0].length;
    double[][] y = new double[x.length][outFeatures];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < outFeatures; o++) {
        double sum = bias == null ? 0 : bias[o];
        for (int i = 0; i < in; i++) {
          sum += x[t][i] * weight[o * in + i];
        }
        y[t][o] = sum;
      }
    }
    return y;
  }

  private double[][] attention(int layer, double[][] x) {
    int n = x.length;
    int heads = spec.numAttentionHeads();
    int kvHeads = spec.numKeyValueHeads();
    int hd = spec.headDim();
    boolean bias = spec.qkvBias();
    double[][] q = linear(x, layer, WeightNames.Q_PROJ, bias);
    double[][] k = linear(x, layer, WeightNames.K_PROJ, bias);
    double[][] v = linear(x, layer, WeightNames.V_PROJ, bias);
    float[] inv = Rope.inverseFrequencies(spec);
    for (int t = 0; t < n; t++) {
      for (int head = 0; head < heads; head++) {
        rope(q[t], head * hd, hd, t, inv);
      }
      for (int head = 0; head < kvHeads; head++) {
        rope(k[t], head * hd, hd, t, inv);
      }
    }
    double[][] context = new double[n][heads * hd];
    int repeat = heads / kvHeads;
    for (int head = 0; head < heads; head++) {
      int kv = head / repeat; // repeat_kv
      for (int i = 0; i < n; i++) {
        double[] scores = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double s = 0;
          for (int d = 0; d < hd; d++) {
            s += q[i][head * hd + d] * k[j][kv * hd + d];
          }
          scores[j] = s / Math.sqrt(hd);
          max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) {
          scores[j] = Math.exp(scores[j] - max);
          sum += scores[j];
        }
        for (int j = 0; j <= i; j++) {
          for (int d = 0; d < hd; d++) {
            context[i][head * hd + d] += scores[j] / sum * v[j][kv * hd + d];
          }
        }
      }
    }
    return linear(context, layer, WeightNames.O_PROJ, spec.outputBias());
  }

  /** In place: {@code x * cos + rotate_half(x) * sin} on one head. Angles as HF computes them, in fp32. */
  private static void rope(double[] x, int offset, int hd, int position, float[] inv) {
    int half = hd / 2;
    double[] rotated = new double[hd];
    for (int d = 0; d < half; d++) {
      rotated[d] = -x[offset + half + d];
      rotated[half + d] = x[offset + d];
    }
    for (int d = 0; d < hd; d++) {
      float angle = (float) position * inv[d % half];
      x[offset + d] = x[offset + d] * Math.cos(angle) + rotated[d] * Math.sin(angle);
    }
  }

  /** Nothing to free: the weights are heap arrays. */
  @Override
  public void close() {}
}
