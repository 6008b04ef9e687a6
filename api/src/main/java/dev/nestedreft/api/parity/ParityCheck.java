package dev.nestedreft.api.parity;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs two backends on the same weights and tokens for several layer plans and reports the largest absolute
 * difference of their logits, and how far each nested plan's logits are from the full plan's (to show the plan
 * was honoured).
 */
public final class ParityCheck {
  /** The fp32 tolerance the project holds backends to. */
  public static final double TOLERANCE = 1e-4;

  /** One plan's outcome. */
  public record Row(LayerPlan plan, double maxAbsDiff, double distanceFromFull) {
    public boolean passed() {
      return maxAbsDiff <= TOLERANCE;
    }
  }

  private ParityCheck() {}

  /** Compares {@code reference} and {@code candidate} (backend names) on every plan. */
  public static ImmutableList<Row> run(Backends backends, String reference, String candidate, ModelSpec spec,
      WeightSet weights, TokenBatch tokens, List<LayerPlan> plans, BackendOptions options) {
    List<Row> rows = new ArrayList<>();
    try (ForwardBackend a = backends.open(reference, spec, weights, options);
        ForwardBackend b = backends.open(candidate, spec, weights, options)) {
      Logits full = a.logits(tokens, spec.fullPlan());
      for (LayerPlan plan : plans) {
        Logits la = a.logits(tokens, plan);
        Logits lb = b.logits(tokens, plan);
        rows.add(new Row(plan, la.maxAbsDiff(lb), full.maxAbsDiff(la)));
      }
    }
    return ImmutableList.copyOf(rows);
  }
}
