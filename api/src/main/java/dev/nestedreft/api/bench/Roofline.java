package dev.nestedreft.api.bench;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.MachineLimits;
import dev.nestedreft.spi.backend.MachineProbe;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.ServiceLoader;

/**
 * The least time this machine can take for a benchmark's work: each phase costs at least the larger of its FLOPs
 * over the matrix-product throughput and its bytes read over the memory bandwidth ({@link MachineLimits}), and a
 * benchmark's fraction of the limit is that floor over its measured time. FLOPs are {@link FlopModel}'s; bytes
 * count the fp32 weights every pass must read (the rows of the embedding it gathers are negligible) and, in
 * generation, the key-value cache each decode step reads. Phases are summed, never overlapped, so the floor is a
 * true lower bound for engines that run one phase at a time.
 */
public final class Roofline {
  private final ModelSpec spec;
  private final FlopModel flops;
  private final MachineLimits limits;

  public Roofline(ModelSpec spec, MachineLimits limits) {
    this.spec = spec;
    this.flops = new FlopModel(spec);
    this.limits = limits;
  }

  /** The machine's limits, measured by the first {@link MachineProbe} installed; null when there is none. */
  public static MachineLimits measure(BackendOptions options) {
    for (MachineProbe probe : ServiceLoader.load(MachineProbe.class)) {
      return probe.measure(options);
    }
    return null;
  }

  public MachineLimits limits() {
    return limits;
  }

  /** Bytes of the fp32 weights of one decoder layer. */
  public double layerBytes() {
    double h = spec.hiddenSize();
    return Float.BYTES * (h * (spec.qDim() + 2.0 * spec.kvDim()) + spec.qDim() * h
        + 3 * h * spec.intermediateSize() + 2 * h);
  }

  /** Bytes of the head (the embedding matrix when tied). */
  public double headBytes() {
    return Float.BYTES * (double) spec.hiddenSize() * spec.vocabSize();
  }

  /**
   * Generation with the key-value cache through {@code layers} layers, as {@link FlopModel#generation} counts it:
   * the prompts prefilled in one pass, then {@code newTokens − 1} decode steps of every sequence at once, each
   * reading the plan's weights, the head and the cache.
   */
  public double generationFloorSeconds(int[] promptLengths, int samples, int newTokens, int layers) {
    double weights = layers * layerBytes() + headBytes();
    double prefillFlops = 0;
    for (int length : promptLengths) {
      for (int t = 1; t <= length; t++) {
        prefillFlops += layers * flops.layer(t);
      }
      prefillFlops += samples * flops.headAndSampling();
    }
    double floor = limits.floorSeconds(prefillFlops, weights);
    for (int j = 1; j < newTokens; j++) {
      double stepFlops = 0;
      double cacheBytes = 0;
      for (int length : promptLengths) {
        stepFlops += samples * (layers * flops.layer(length + j) + flops.headAndSampling());
        cacheBytes += samples * layers * 2.0 * spec.kvDim() * Float.BYTES * (length + j);
      }
      floor += limits.floorSeconds(stepFlops, weights + cacheBytes);
    }
    return floor;
  }

  /**
   * A learner step on {@code rows} sequences of {@code width} tokens, in micro-batches of {@code microBatch}: the
   * target log-probs (one forward pass per micro-batch), then the update (forward and backward, counted as three
   * forward passes, per micro-batch) and AdamW. A forward pass reads every weight once; the backward pass reads
   * them again and writes the gradients; accumulating reads and writes them; AdamW reads θ, m, v, g and writes
   * θ, m, v.
   */
  public double learnerStepFloorSeconds(int rows, int width, int microBatch) {
    double parameterBytes = spec.numHiddenLayers() * layerBytes() + headBytes()
        + (spec.tieWordEmbeddings() ? 0 : headBytes()) + Float.BYTES * (double) spec.hiddenSize();
    double floor = 0;
    for (int first = 0; first < rows; first += microBatch) {
      int n = Math.min(microBatch, rows - first);
      double forward = n * forwardFlops(width);
      floor += limits.floorSeconds(forward, parameterBytes); // target log-probs
      floor += limits.floorSeconds(3 * forward, (first == 0 ? 3 : 5) * parameterBytes); // update
    }
    return floor + limits.floorSeconds(0, 7 * parameterBytes); // AdamW
  }

  /** One sequence of {@code width} tokens through the full model, the head and log-softmax at every position. */
  public double forwardFlops(int width) {
    double total = 0;
    for (int t = 1; t <= width; t++) {
      total += spec.numHiddenLayers() * flops.layer(t) + flops.headAndSampling();
    }
    return total;
  }
}
