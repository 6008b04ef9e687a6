package dev.nestedreft.api.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.algo.CorrectionDiagnostics;
import dev.nestedreft.spi.algo.KlEstimator;
import dev.nestedreft.spi.algo.LossAggregation;
import dev.nestedreft.spi.learner.UpdateResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The wire form of {@link PolicyGradientStep.Settings} and {@link PolicyGradientStep.Report} (JSON text). */
public final class StepReportJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StepReportJson() {}

  public static String settings(PolicyGradientStep.Settings s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("temperature", s.temperature());
    n.put("aggregation", s.aggregation().wire());
    n.put("sum_normaliser", s.sumNormaliser());
    n.put("kl_coefficient", s.klCoefficient());
    n.put("kl_estimator", s.klEstimator().name());
    n.put("entropy_coefficient", s.entropyCoefficient());
    n.put("updates", s.updates());
    return n.toString();
  }

  public static PolicyGradientStep.Settings settings(String text) {
    JsonNode n = read(text);
    return new PolicyGradientStep.Settings(n.path("temperature").asDouble(),
        LossAggregation.parse(n.path("aggregation").asText()), n.path("sum_normaliser").asInt(),
        n.path("kl_coefficient").asDouble(), KlEstimator.valueOf(n.path("kl_estimator").asText()),
        n.path("entropy_coefficient").asDouble(), n.path("updates").asInt());
  }

  public static String report(PolicyGradientStep.Report r) {
    ObjectNode n = JSON.createObjectNode();
    CorrectionDiagnostics d = r.diagnostics();
    ObjectNode diag = n.putObject("diagnostics");
    diag.put("ratio_mean", d.ratioMean());
    diag.put("ratio_min", d.ratioMin());
    diag.put("ratio_max", d.ratioMax());
    diag.put("ess", d.effectiveSampleSize());
    diag.put("kl", d.klBehaviorTarget());
    diag.put("clipped", d.clippedFraction());
    ArrayNode updates = n.putArray("updates");
    for (UpdateResult u : r.updates()) {
      updates.addObject().put("loss", u.loss()).put("grad_norm", u.gradNorm()).put("lr", u.learningRate())
          .put("step", u.optimizerStep()).put("entropy", u.entropy()).put("kl", u.kl()).put("tokens", u.tokens())
          .put("nanos", u.nanos()).put("skipped", u.skipped());
    }
    n.put("target_nanos", r.targetNanos());
    n.put("correction_nanos", r.correctionNanos());
    n.put("update_nanos", r.updateNanos());
    return n.toString();
  }

  public static PolicyGradientStep.Report report(String text) {
    JsonNode n = read(text);
    JsonNode d = n.path("diagnostics");
    CorrectionDiagnostics diagnostics = new CorrectionDiagnostics(d.path("ratio_mean").asDouble(),
        d.path("ratio_min").asDouble(), d.path("ratio_max").asDouble(), d.path("ess").asDouble(),
        d.path("kl").asDouble(), d.path("clipped").asDouble());
    List<UpdateResult> updates = new ArrayList<>();
    for (JsonNode u : n.path("updates")) {
      updates.add(new UpdateResult(number(u, "loss"), number(u, "grad_norm"), u.path("lr").asDouble(),
          u.path("step").asLong(), number(u, "entropy"), number(u, "kl"), u.path("tokens").asLong(),
          u.path("nanos").asLong(), u.path("skipped").asBoolean()));
    }
    return new PolicyGradientStep.Report(diagnostics, ImmutableList.copyOf(updates), n.path("target_nanos").asLong(),
        n.path("correction_nanos").asLong(), n.path("update_nanos").asLong());
  }

  /** Jackson writes NaN as the string "NaN" (or a number); read both. */
  private static double number(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText("NaN"));
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("learner step wire form is not JSON: " + text, e);
    }
  }
}
