package dev.nestedreft.spi.weights;

import dev.nestedreft.spi.model.ModelSpec;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Seeded random initialisation as in Hugging Face's {@code _init_weights} for Llama/Qwen2: every linear and the
 * embedding drawn from normal(0, {@value #INITIALIZER_RANGE}), norms set to one, biases to zero.
 *
 * <p>The draw is done in Java, not by a backend, so that the same seed gives bit-identical weights whatever
 * backend, thread count or machine; each tensor has its own random stream derived from the seed and its name,
 * so adding a tensor does not change the others.
 */
public final class WeightInitializer {
  /** {@code initializer_range} of Hugging Face configs. */
  public static final double INITIALIZER_RANGE = 0.02;

  private WeightInitializer() {}

  /** Hugging Face initialisation. The caller owns the returned set. */
  public static WeightSet initialize(ModelSpec spec, long seed, BufferAllocator allocator) {
    return initialize(spec, seed, allocator, false);
  }

  /**
   * Like {@link #initialize(ModelSpec, long, BufferAllocator)}; with {@code perturbNormsAndBiases} the norm
   * weights are drawn from normal(1, 0.1) and biases from normal(0, 0.02) so that tests exercise every parameter.
   */
  public static WeightSet initialize(
      ModelSpec spec, long seed, BufferAllocator allocator, boolean perturbNormsAndBiases) {
    WeightSet weights = WeightSet.create(allocator, "weights-init-" + seed);
    try {
      for (Map.Entry<String, long[]> e : WeightNames.expected(spec).entrySet()) {
        String name = e.getKey();
        FloatBuffer out = weights.allocate(name, e.getValue());
        SplittableRandom random = new SplittableRandom(streamSeed(seed, name));
        boolean norm = name.endsWith("norm.weight");
        boolean bias = name.endsWith(".bias");
        while (out.hasRemaining()) {
          double value;
          if (norm) {
            value = perturbNormsAndBiases ? 1.0 + 0.1 * random.nextGaussian() : 1.0;
          } else if (bias) {
            value = perturbNormsAndBiases ? INITIALIZER_RANGE * random.nextGaussian() : 0.0;
          } else {
            value = INITIALIZER_RANGE * random.nextGaussian();
          }
          out.put((float) value);
        }
      }
      return weights;
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
  }

  /** A 64-bit seed for the stream of tensor {@code name}: FNV-1a of the name mixed with the run seed. */
  static long streamSeed(long seed, String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return new SplittableRandom(seed ^ h).nextLong();
  }
}
