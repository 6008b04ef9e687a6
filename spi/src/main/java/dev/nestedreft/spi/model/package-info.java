/**
 * The model description: {@link dev.nestedreft.spi.model.ModelSpec} (Hugging Face {@code config.json} fields),
 * {@link dev.nestedreft.spi.model.LayerPlan} (which decoder layers a forward pass runs) and named presets.
 */
package dev.nestedreft.spi.model;
