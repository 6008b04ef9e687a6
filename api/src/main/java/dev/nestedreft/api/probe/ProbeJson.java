package dev.nestedreft.api.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.algo.LayerCostsJson;
import java.io.UncheckedIOException;

/**
 * A probe report as JSON: the probe file of {@link LayerCostsJson} ({@code num_layers}, {@code full},
 * {@code layers}), which the {@code probed} behavior policy reads, with three more fields it ignores:
 * {@code backend_mismatch} ({@code kl}, {@code k1}, {@code ess} of the full model's samples measured against the
 * learner), {@code searches} (per skip fraction: {@code fraction}, {@code k}, {@code skipped}, {@code order}, the
 * figures, and {@code random} with its {@code sets} and their mean figures) and {@code settings}. Two runs with the
 * same inputs write the same text except in the {@code tokens_per_s} fields.
 */
public final class ProbeJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProbeJson() {}

  /** The object for {@code report}; a writer may add fields to it (the command line adds {@code model}). */
  public static ObjectNode toTree(ProbeReport report) {
    ObjectNode root = LayerCostsJson.toTree(report.costs());
    ObjectNode mismatch = root.putObject("backend_mismatch");
    number(mismatch, "kl", report.backendMismatch().kl());
    number(mismatch, "k1", report.backendMismatch().k1());
    number(mismatch, "ess", report.backendMismatch().ess());
    ArrayNode searches = root.putArray("searches");
    for (SkipSetSearch s : report.searches()) {
      ObjectNode search = searches.addObject();
      search.put("fraction", s.fraction());
      search.put("k", s.count());
      layers(search.putArray("skipped"), s.found().plan().skipped());
      ArrayNode order = search.putArray("order");
      s.order().forEach(order::add);
      figures(search, s.found().figures(), s.found().tokensPerSecond());
      ObjectNode random = search.putObject("random");
      ArrayNode sets = random.putArray("sets");
      for (PlanCost r : s.random()) {
        ObjectNode set = sets.addObject();
        layers(set.putArray("skipped"), r.plan().skipped());
        figures(set, r.figures(), r.tokensPerSecond());
      }
      ObjectNode mean = random.putObject("mean");
      figures(mean, s.randomFigures(), s.randomTokensPerSecond());
    }
    ProbeSettings p = report.settings();
    ObjectNode settings = root.putObject("settings");
    settings.put("task", report.task());
    settings.put("prompts", p.prompts());
    settings.put("samples", p.samples());
    settings.put("max_new_tokens", p.maxNewTokens());
    settings.put("temperature", p.temperature());
    settings.put("seed", p.seed());
    ArrayNode fractions = settings.putArray("skip_fractions");
    p.skipFractions().forEach(fractions::add);
    settings.put("beam", p.beam());
    settings.put("protect_ends", p.protectEnds());
    settings.put("random_sets", p.randomSets());
    settings.put("timed_rounds", p.timedRounds());
    return root;
  }

  /** {@link #toTree}, indented. */
  public static String toJson(ObjectNode tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void layers(ArrayNode out, int[] layers) {
    for (int layer : layers) {
      out.add(layer);
    }
  }

  private static void figures(ObjectNode out, PlanFigures f, double tokensPerSecond) {
    number(out, "kl", f.kl());
    number(out, "k1", f.k1());
    number(out, "ess", f.ess());
    number(out, "reward", f.reward());
    number(out, "tokens_per_s", tokensPerSecond);
  }

  /** As {@link LayerCostsJson} writes numbers: non-finite ones as strings. */
  private static void number(ObjectNode out, String field, double value) {
    if (Double.isFinite(value)) {
      out.put(field, value);
    } else {
      out.put(field, Double.toString(value));
    }
  }
}
