package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.LayerCost;
import dev.nestedreft.spi.algo.LayerCosts;
import dev.nestedreft.spi.algo.LayerCostsJson;
import dev.nestedreft.spi.algo.ParamInfo;
import dev.nestedreft.spi.algo.ParamSpec;
import dev.nestedreft.spi.algo.Params;
import java.nio.file.Path;

/**
 * A layer probe's costs and where they came from (a file, the trainer's probe, a restored state), for messages:
 * what the learning policies read from parameter {@code probe} and check against the layers they may skip.
 *
 * @param costs the probe's result
 * @param source names the costs in messages: {@code "the layer probe probe.json"}
 */
record ProbeCosts(LayerCosts costs, String source) {
  static final String PARAM = "probe";

  /** The declaration of {@code probe}, worded by the policy that reads it. */
  static ParamSpec param(String description) {
    return ParamSpec.described(ParamInfo.of(PARAM, null, description));
  }

  /**
   * The probe file that {@code probe} names, read with {@link LayerCostsJson#read}; null when the parameter is
   * absent.
   *
   * @throws InvalidInputException naming the file when it cannot be read or is not a probe
   */
  static ProbeCosts read(Params params) {
    String file = params.getString(PARAM, null);
    if (file == null) {
      return null;
    }
    params.require(!file.isBlank(), PARAM, "must name a layer probe file (nested-reft probe-layers --json)");
    return new ProbeCosts(LayerCostsJson.read(Path.of(file)), "the layer probe " + file);
  }

  int numLayers() {
    return costs.numLayers();
  }

  /**
   * The cost, in {@code signal}'s units, of skipping each layer of {@code range} alone, for the probe's depth:
   * element {@code i} is layer {@code range.lo + i}.
   *
   * @throws InvalidInputException naming the layer and the source when the probe did not measure a layer of the
   *     range, or measured a non-finite cost
   */
  double[] rangeCosts(CostSignal signal, SkipRange range, String owner) {
    int layers = costs.numLayers();
    int lo = range.lo(layers);
    double[] out = new double[range.size(layers)];
    for (int i = 0; i < out.length; i++) {
      LayerCost row = costs.of(lo + i);
      if (row == null) {
        throw InvalidInputException.of("%s: %s did not measure layer %d, which the skippable range %s of the "
            + "%d-layer model holds; probe every layer of the range or narrow it with min_layer/max_layer", owner,
            source, lo + i, range.describe(layers), layers);
      }
      out[i] = signal.of(row, costs.full());
      if (!Double.isFinite(out[i])) {
        throw InvalidInputException.of("%s: %s gives layer %d a %s cost of %s; every layer of the skippable range "
            + "needs a finite one", owner, source, lo + i, signal.spelling(), out[i]);
      }
    }
    return out;
  }

  /**
   * Refuses a model of another depth than the probe's.
   *
   * @throws InvalidInputException naming both depths and the source
   */
  void checkDepth(int modelLayers, String owner) {
    if (modelLayers != costs.numLayers()) {
      throw InvalidInputException.of("%s: %s is for a %d-layer model, but the model has %d layers", owner, source,
          costs.numLayers(), modelLayers);
    }
  }
}
