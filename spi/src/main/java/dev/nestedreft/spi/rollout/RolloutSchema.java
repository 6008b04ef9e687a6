package dev.nestedreft.spi.rollout;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema of a {@link RolloutBatch}; documented in docs/ARCHITECTURE.md. Column names are part of the
 * contract between rollout workers and the learner.
 */
public final class RolloutSchema {
  public static final String PROMPT_ID = "prompt_id";
  public static final String SAMPLE_INDEX = "sample_index";
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String COMPLETION_TOKENS = "completion_tokens";
  public static final String BEHAVIOR_LOGPROBS = "behavior_logprobs";
  public static final String FINISH_REASON = "finish_reason";
  public static final String LAYER_PLAN = "layer_plan";
  public static final String POLICY_VERSION = "policy_version";

  // Schema metadata keys (RolloutBatch.metadata()): the sampling parameters and what generation measured. Values are
  // strings; numbers in Java's Double/Integer/Long.toString form unless stated.
  /** Sampling temperature. */
  public static final String META_TEMPERATURE = "temperature";
  /** Top-k cut-off (0: none). */
  public static final String META_TOP_K = "top_k";
  /** Nucleus (top-p) cut-off (1: none). */
  public static final String META_TOP_P = "top_p";
  /** Most tokens generated per sequence. */
  public static final String META_MAX_NEW_TOKENS = "max_new_tokens";
  /** Stop token ids, as {@code Arrays.toString(int[])} writes them. */
  public static final String META_STOP_TOKEN_IDS = "stop_token_ids";
  /** Sampling seed. */
  public static final String META_SEED = "seed";
  /** Whether sampling (not greedy) cut the distribution by top-k or top-p ({@code true}/{@code false}). */
  public static final String META_TRUNCATED_SAMPLING = "truncated_sampling";
  /** Whether generation used the key-value cache ({@code true}/{@code false}). */
  public static final String META_KV_CACHE = "kv_cache";
  /** The layer-plan policy that drew the batch's plan (present only for a drawn plan). */
  public static final String META_PLAN_POLICY = "plan_policy";
  /** The step the plan was drawn for (present only for a drawn plan). */
  public static final String META_PLAN_STEP = "plan_step";
  /** The seed the plan was drawn with (present only for a drawn plan). */
  public static final String META_PLAN_SEED = "plan_seed";
  /** Wall time of the generate call, milliseconds with three decimals ({@code Locale.ROOT}). */
  public static final String META_GENERATION_MS = "generation_ms";

  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType INT16 = new ArrowType.Int(16, true);
  private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

  private RolloutSchema() {}

  /** The schema, with {@code metadata} (sampling parameters, timings) attached. */
  public static Schema schema(Map<String, String> metadata) {
    return new Schema(List.of(
        Field.notNullable(PROMPT_ID, INT64),
        Field.notNullable(SAMPLE_INDEX, INT32),
        list(PROMPT_TOKENS, INT32),
        list(COMPLETION_TOKENS, INT32),
        list(BEHAVIOR_LOGPROBS, FLOAT32),
        Field.notNullable(FINISH_REASON, ArrowType.Utf8.INSTANCE),
        list(LAYER_PLAN, INT16),
        Field.notNullable(POLICY_VERSION, INT64)), metadata);
  }

  private static Field list(String name, ArrowType element) {
    return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE),
        List.of(Field.notNullable("item", element)));
  }
}
