package dev.nestedreft.spi.model;

/**
 * Rotary position embedding constants, computed once in Java so that every backend uses the same fp32 values.
 * Follows Hugging Face's default rotary embedding: {@code inv_freq[i] = 1 / theta^(2i / head_dim)} evaluated in
 * fp32, and the rotate-half convention ({@code x * cos + rotate_half(x) * sin}, with
 * {@code rotate_half([a, b]) = [-b, a]}).
 */
public final class Rope {
  private Rope() {}

  /** The {@code head_dim / 2} inverse frequencies of {@code spec}. */
  public static float[] inverseFrequencies(ModelSpec spec) {
    int dim = spec.headDim();
    float[] out = new float[dim / 2];
    for (int i = 0; i < out.length; i++) {
      float exponent = (float) (2 * i) / (float) dim;
      float power = (float) Math.pow(spec.ropeTheta(), exponent);
      out[i] = 1.0f / power;
    }
    return out;
  }
}
