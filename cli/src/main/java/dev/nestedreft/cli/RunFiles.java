package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.train.ConfigFields;
import dev.nestedreft.api.train.RunDirectory;
import dev.nestedreft.spi.NestedReftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run directory as its files record it, for the reports ({@link RunReport}, {@link CompareReport}), which read
 * runs back from disk rather than from memory so that any run folder can be reported again: {@code summary.json},
 * {@code config.json} (without its provenance) and {@code metrics.jsonl}, one node per step. The metrics are read
 * by the names docs/METRICS.md gives them, all defined here; a field a run did not record reads as NaN, so a report
 * leaves out what it cannot show rather than failing.
 *
 * @param dir the run directory
 * @param summary {@code summary.json}; empty when absent (a run that has not finished)
 * @param config {@code config.json} without {@code provenance}; empty when absent
 * @param provenance {@code config.json}'s {@code provenance}; empty when absent
 * @param steps {@code metrics.jsonl}, a node per step
 */
record RunFiles(Path dir, ObjectNode summary, ObjectNode config, ObjectNode provenance, List<JsonNode> steps) {
  static final String STEP = "step";
  static final String REWARD_MEAN = "reward_mean";
  static final String TRAIN_ACCURACY = "train_accuracy";
  static final String PLAN_LAYERS = "plan_layers";
  static final String PLAN_SKIPPED = "plan_skipped";
  static final String RATIO_MEAN = "ratio_mean";
  static final String RATIO_MIN = "ratio_min";
  static final String RATIO_MAX = "ratio_max";
  static final String ESS = "ess";
  static final String KL_BEHAVIOR_TARGET = "kl_behavior_target";
  static final String CLIP_FRACTION = "clip_fraction";
  static final String SKIPPED = "skipped";
  static final String ROLLOUT_TOKENS_PER_S = "rollout_tokens_per_s";
  static final String LEARNER_TOKENS_PER_S = "learner_tokens_per_s";
  static final String ROLLOUT_S = "rollout_s";
  static final String REWARD_S = "reward_s";
  static final String LEARNER_S = "learner_s";
  static final String TARGET_LOGPROBS_S = "target_logprobs_s";
  static final String PUBLISH_S = "publish_s";
  static final String STEP_S = "step_s";
  static final String TEST_ACCURACY = "test_accuracy";

  private static final ObjectMapper JSON = new ObjectMapper();

  RunFiles {
    steps = List.copyOf(steps);
  }

  /**
   * Reads {@code dir}; a file that is absent reads as empty.
   *
   * @throws NestedReftException naming the directory when a file is there but cannot be read
   */
  static RunFiles read(Path dir) {
    try {
      ObjectNode config = object(dir.resolve(RunDirectory.CONFIG));
      ObjectNode provenance = config.get(ConfigFields.PROVENANCE) instanceof ObjectNode p ? p
          : JSON.createObjectNode();
      config.remove(ConfigFields.PROVENANCE);
      List<JsonNode> steps = new ArrayList<>();
      Path metrics = dir.resolve(RunDirectory.METRICS);
      if (Files.exists(metrics)) {
        for (String line : Files.readAllLines(metrics)) {
          if (!line.isBlank()) {
            steps.add(JSON.readTree(line));
          }
        }
      }
      return new RunFiles(dir, object(dir.resolve(RunDirectory.SUMMARY)), config, provenance, steps);
    } catch (IOException | ClassCastException e) {
      throw new NestedReftException(dir + ": cannot read the run's summary.json, config.json and metrics.jsonl: "
          + e.getMessage(), e);
    }
  }

  private static ObjectNode object(Path file) throws IOException {
    return Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
  }

  /** A number of {@code summary.json}; NaN when it is not there. */
  double summaryNumber(String field) {
    return number(summary.get(field));
  }

  /** A text of {@code summary.json}, else of {@code config.json}; null when neither has it. */
  String text(String field) {
    JsonNode node = summary.hasNonNull(field) ? summary.get(field) : config.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  /** {@code metric} at each step; NaN where a step did not record it. */
  double[] series(String metric) {
    return steps.stream().mapToDouble(s -> number(s.get(metric))).toArray();
  }

  /** Whether any step recorded a finite {@code metric}. */
  boolean has(String metric) {
    for (double v : series(metric)) {
      if (Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  /** Each step's number ({@code step}; its position, from 1, where a line lacks it). */
  double[] stepNumbers() {
    double[] out = new double[steps.size()];
    for (int i = 0; i < out.length; i++) {
      double step = number(steps.get(i).get(STEP));
      out[i] = Double.isFinite(step) ? step : i + 1;
    }
    return out;
  }

  /** The layers each step's behavior skipped ({@code plan_skipped}); empty where a step did not record them. */
  List<List<Integer>> skippedLayers() {
    List<List<Integer>> out = new ArrayList<>();
    for (JsonNode step : steps) {
      List<Integer> layers = new ArrayList<>();
      step.path(PLAN_SKIPPED).forEach(l -> {
        if (l.canConvertToInt()) {
          layers.add(l.intValue());
        }
      });
      out.add(layers);
    }
    return out;
  }

  /** The model's decoder layers, as the steps' plans tell ({@code plan_layers} + skipped); 0 when none does. */
  int layerCount() {
    int layers = 0;
    List<List<Integer>> skipped = skippedLayers();
    for (int i = 0; i < steps.size(); i++) {
      double ran = number(steps.get(i).get(PLAN_LAYERS));
      if (Double.isFinite(ran)) {
        layers = Math.max(layers, (int) ran + skipped.get(i).size());
      }
    }
    return layers;
  }

  /** A JSON number as a double: NaN when absent, null, not a number, or a string that is not one. */
  static double number(JsonNode node) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual()) {
      try {
        return Double.parseDouble(node.asText());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }
}
