package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.rollout.GenerationStats;

/**
 * A rollout batch generated for a step that has not been trained yet (pipeline {@code one-step-off}), as a
 * checkpoint records it: what generated it, under {@code pending} in {@code state.json}, beside its rows in
 * {@link Checkpoints#PENDING_ROLLOUTS}. A resumed run trains on exactly these rows, so it continues as the
 * uninterrupted run would: the batch came from weights one update older than the checkpoint's, and the plan's draw
 * from the behavior policy's state before the checkpoint's last feedback, neither of which the resumed run has.
 *
 * @param step the step (0-based) the batch is for: the checkpoint's step
 * @param dataPosition the train stream position of its first prompt: the checkpoint's data position
 * @param policyVersion the version of the weights that generated it
 * @param draw its behavior plan and how it was drawn ({@code plan_cost} is logged from it)
 * @param stats its generation's sequences, tokens and wall time (only the time is kept of the phases)
 * @param publishNanos the time publishing its weights took
 */
public record PendingBatch(long step, long dataPosition, long policyVersion, PlanDraw draw, GenerationStats stats,
    long publishNanos) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The object {@code state.json} holds under {@code pending}. */
  ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode().put("step", step).put("data_position", dataPosition)
        .put("policy_version", policyVersion).put("num_layers", draw.plan().numLayers());
    ArrayNode layers = node.putArray("plan_layers");
    for (int layer : draw.plan().layers()) {
      layers.add(layer);
    }
    node.put("plan_policy", draw.policy()).put("plan_step", draw.step()).put("plan_seed", draw.seed());
    if (Double.isNaN(draw.estimatedCost())) {
      node.putNull("plan_cost");
    } else {
      node.put("plan_cost", draw.estimatedCost());
    }
    return node.put("sequences", stats.sequences()).put("generated_tokens", stats.generatedTokens())
        .put("generation_ns", stats.totalNanos()).put("publish_ns", publishNanos);
  }

  /**
   * Reads what {@link #toJson()} wrote.
   *
   * @param source the file, for messages
   * @throws InvalidInputException naming {@code source} and the field that is missing or wrong
   */
  static PendingBatch fromJson(JsonNode node, String source) {
    for (String field : new String[] {"step", "data_position", "policy_version", "num_layers", "plan_step",
        "plan_seed", "sequences", "generated_tokens", "generation_ns", "publish_ns"}) {
      if (!node.path(field).isIntegralNumber()) {
        throw InvalidInputException.of("%s: pending batch: '%s' must be an integer", source, field);
      }
    }
    if (!node.path("plan_layers").isArray() || !node.path("plan_policy").isTextual()
        || !(node.path("plan_cost").isNumber() || node.path("plan_cost").isNull())) {
      throw InvalidInputException.of("%s: pending batch: needs 'plan_layers' (a list), 'plan_policy' (a string) and "
          + "'plan_cost' (a number or null)", source);
    }
    int[] layers = new int[node.get("plan_layers").size()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = node.get("plan_layers").get(i).asInt();
    }
    LayerPlan plan;
    try {
      plan = LayerPlan.of(node.get("num_layers").asInt(), layers);
    } catch (RuntimeException e) {
      throw new InvalidInputException(source + ": pending batch: not a layer plan: " + e.getMessage(), e);
    }
    PlanDraw draw = new PlanDraw(plan, node.get("plan_policy").asText(), node.get("plan_step").asLong(),
        node.get("plan_seed").asLong(), node.get("plan_cost").isNull() ? Double.NaN
        : node.get("plan_cost").doubleValue());
    GenerationStats stats = new GenerationStats(node.get("sequences").asInt(), node.get("generated_tokens").asLong(),
        0, 0, 0, 0, 0, 0, node.get("generation_ns").asLong());
    return new PendingBatch(node.get("step").asLong(), node.get("data_position").asLong(),
        node.get("policy_version").asLong(), draw, stats, node.get("publish_ns").asLong());
  }
}
