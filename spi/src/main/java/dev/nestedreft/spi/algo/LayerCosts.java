package dev.nestedreft.spi.algo;

import dev.nestedreft.spi.InvalidInputException;
import java.util.List;

/**
 * A layer probe's result: what skipping each decoder layer alone costs, for a model of {@code numLayers} layers.
 * Layers the probe did not measure (for instance protected first and last layers) are absent.
 *
 * @param numLayers the model's decoder layers
 * @param layers one entry per measured layer, in increasing layer order
 * @param full the same figures for the full model ({@code layer} = -1; its {@code kl} is 0)
 */
public record LayerCosts(int numLayers, List<LayerCost> layers, LayerCost full) {
  public LayerCosts {
    layers = List.copyOf(layers);
    for (int i = 0; i < layers.size(); i++) {
      int layer = layers.get(i).layer();
      if (layer < 0 || layer >= numLayers || (i > 0 && layer <= layers.get(i - 1).layer())) {
        throw InvalidInputException.of("layer costs: layer %d is out of range [0, %d) or out of order", layer,
            numLayers);
      }
    }
  }

  /** The entry of {@code layer}, or null when it was not measured. */
  public LayerCost of(int layer) {
    return layers.stream().filter(c -> c.layer() == layer).findFirst().orElse(null);
  }
}
