/**
 * The layer probe: what skipping each decoder layer alone, and a few searched skip sets, cost the behavior model,
 * measured on its own samples against the target (full) model. {@link dev.nestedreft.api.probe.LayerProbe} runs it
 * on a learner and rollout workers of any placement; the {@code probe-layers} command and the trainer (for a
 * behavior policy that asks for layer costs) call it, and {@link dev.nestedreft.api.probe.ProbeJson} writes its
 * report in the probe file format of {@link dev.nestedreft.spi.algo.LayerCostsJson}.
 */
package dev.nestedreft.api.probe;
