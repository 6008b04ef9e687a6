package dev.nestedreft.spi.model;

import com.google.common.primitives.Ints;
import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ordered subset of decoder layers that one forward pass runs. Embeddings, the final norm and the head always
 * run; a plan only chooses decoder layers. The full plan (every layer) is standard ReFT's behavior model; a
 * nested plan (a strict subset) is Nested-ReFT's.
 *
 * <p>Immutable and thread-safe. Layers are strictly increasing and within {@code [0, numLayers)}.
 */
public final class LayerPlan {
  private final int numLayers;
  private final int[] layers;

  private LayerPlan(int numLayers, int[] layers) {
    this.numLayers = numLayers;
    this.layers = layers;
  }

  /**
   * A plan running exactly {@code layers}, in that order.
   *
   * @throws InvalidInputException when a layer is out of range, repeated or out of order, or when the plan is
   *     empty
   */
  public static LayerPlan of(int numLayers, int... layers) {
    return of(numLayers, false, layers);
  }

  /** Like {@link #of(int, int...)}, with the empty plan (embeddings straight to the head) allowed on request. */
  public static LayerPlan of(int numLayers, boolean allowEmpty, int... layers) {
    if (numLayers <= 0) {
      throw InvalidInputException.of("layer plan: the model must have at least one layer, got %d", numLayers);
    }
    if (layers.length == 0 && !allowEmpty) {
      throw new InvalidInputException("layer plan: empty; at least one decoder layer must run");
    }
    for (int i = 0; i < layers.length; i++) {
      int layer = layers[i];
      if (layer < 0 || layer >= numLayers) {
        throw InvalidInputException.of(
            "layer plan %s: layer %d is out of range [0, %d)", Arrays.toString(layers), layer, numLayers);
      }
      if (i > 0 && layer == layers[i - 1]) {
        throw InvalidInputException.of(
            "layer plan %s: layer %d appears twice", Arrays.toString(layers), layer);
      }
      if (i > 0 && layer < layers[i - 1]) {
        throw InvalidInputException.of(
            "layer plan %s: layers must be in increasing order, %d comes after %d",
            Arrays.toString(layers), layer, layers[i - 1]);
      }
    }
    return new LayerPlan(numLayers, layers.clone());
  }

  /** Every layer of a {@code numLayers}-layer model. */
  public static LayerPlan full(int numLayers) {
    int[] all = new int[numLayers];
    Arrays.setAll(all, i -> i);
    return of(numLayers, all);
  }

  /**
   * Every layer except {@code skipped}, which may come in any order but must be distinct and in range.
   *
   * @throws InvalidInputException for a repeated or out-of-range layer, or when every layer would be skipped
   */
  public static LayerPlan skipping(int numLayers, int... skipped) {
    BitSet skip = new BitSet(numLayers);
    for (int layer : skipped) {
      if (layer < 0 || layer >= numLayers) {
        throw InvalidInputException.of(
            "skip list %s: layer %d is out of range [0, %d)", Arrays.toString(skipped), layer, numLayers);
      }
      if (skip.get(layer)) {
        throw InvalidInputException.of("skip list %s: layer %d appears twice", Arrays.toString(skipped), layer);
      }
      skip.set(layer);
    }
    if (skip.cardinality() == numLayers) {
      throw InvalidInputException.of(
          "skip list %s: skips all %d layers; at least one must run", Arrays.toString(skipped), numLayers);
    }
    int[] kept = new int[numLayers - skip.cardinality()];
    int next = 0;
    for (int i = 0; i < numLayers; i++) {
      if (!skip.get(i)) {
        kept[next++] = i;
      }
    }
    return of(numLayers, kept);
  }

  /**
   * How many layers a fraction of a {@code numLayers}-layer model means: {@code k = round(fraction · numLayers)},
   * halves rounded up ({@link Math#round(double)}). The one definition of the rule, shared by the behavior
   * policies' {@code fraction} parameter and the commands that take a skip fraction; it does not check its
   * arguments (callers check the fraction against their own bounds).
   */
  public static int skipCount(double fraction, int numLayers) {
    return (int) Math.round(fraction * numLayers);
  }

  /** Number of decoder layers of the model the plan is for. */
  public int numLayers() {
    return numLayers;
  }

  /** Number of layers the plan runs. */
  public int size() {
    return layers.length;
  }

  /** The i-th layer the plan runs. */
  public int layer(int i) {
    return layers[i];
  }

  /** The layers run, in order; a fresh copy. */
  public int[] layers() {
    return layers.clone();
  }

  public List<Integer> layerList() {
    return Ints.asList(layers.clone());
  }

  /** The layers not run, in increasing order. */
  public int[] skipped() {
    int[] out = new int[numLayers - layers.length];
    int next = 0;
    int j = 0;
    for (int i = 0; i < numLayers; i++) {
      if (j < layers.length && layers[j] == i) {
        j++;
      } else {
        out[next++] = i;
      }
    }
    return out;
  }

  public boolean isFull() {
    return layers.length == numLayers;
  }

  public boolean contains(int layer) {
    return Arrays.binarySearch(layers, layer) >= 0;
  }

  /** A compact form such as {@code 0-2,4,6-7/8}, used in names and metadata. */
  public String compact() {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < layers.length) {
      int j = i;
      while (j + 1 < layers.length && layers[j + 1] == layers[j] + 1) {
        j++;
      }
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(layers[i]);
      if (j > i) {
        out.append('-').append(layers[j]);
      }
      i = j + 1;
    }
    return out.append('/').append(numLayers).toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LayerPlan plan && plan.numLayers == numLayers && Arrays.equals(plan.layers, layers);
  }

  @Override
  public int hashCode() {
    return 31 * numLayers + Arrays.hashCode(layers);
  }

  @Override
  public String toString() {
    return "LayerPlan" + Arrays.stream(layers).mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]")) + " of " + numLayers;
  }
}
