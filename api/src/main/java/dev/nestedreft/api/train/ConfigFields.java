package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vavr.collection.Seq;
import io.vavr.collection.Vector;
import io.vavr.control.Either;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The fields of a {@link TrainConfig} as configs spell them ({@code snake_case}), in one table that both reads
 * ({@link #apply}) and writes ({@link #toTree}), so a config a run writes is one that {@code train --config} reads.
 */
public final class ConfigFields {
  /** The object in {@code config.json} that records what wrote it; ignored when read back. */
  public static final String PROVENANCE = "provenance";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigFields() {}

  /** How a field is spelled and typed in a config file. */
  enum Kind {
    TEXT("a string"), INT("an integer"), LONG("an integer"), NUMBER("a number"), TEXTS("a list of strings");

    final String expected;

    Kind(String expected) {
      this.expected = expected;
    }
  }

  /**
   * One field.
   *
   * @param name as configs spell it
   * @param kind its type
   * @param nullable whether {@code null} is a value (it means "not set": the preset's or Ray's default)
   */
  record Field(String name, Kind kind, boolean nullable, Function<TrainConfig, Object> getter,
      BiConsumer<TrainConfig.Builder, Object> setter) {
    Object get(TrainConfig config) {
      return getter.apply(config);
    }

    void set(TrainConfig.Builder builder, Object value) {
      setter.accept(builder, value);
    }
  }

  static final Seq<Field> ALL = Vector.of(
      new Field("name", Kind.TEXT, false, TrainConfig::name, (b, v) -> b.name((String) v)),
      new Field("seed", Kind.LONG, false, TrainConfig::seed, (b, v) -> b.seed((Long) v)),
      new Field("preset", Kind.TEXT, true, TrainConfig::preset, (b, v) -> b.preset((String) v)),
      new Field("algorithm", Kind.TEXT, false, TrainConfig::algorithm, (b, v) -> b.algorithm((String) v)),
      new Field("correction", Kind.TEXT, true, TrainConfig::correction, (b, v) -> b.correction((String) v)),
      new Field("skip_fraction", Kind.NUMBER, true, TrainConfig::skipFraction,
          (b, v) -> b.skipFraction((Double) v)),
      new Field("steps", Kind.INT, false, TrainConfig::steps, (b, v) -> b.steps((Integer) v)),
      new Field("prompts_per_step", Kind.INT, false, TrainConfig::promptsPerStep,
          (b, v) -> b.promptsPerStep((Integer) v)),
      new Field("samples_per_prompt", Kind.INT, false, TrainConfig::samplesPerPrompt,
          (b, v) -> b.samplesPerPrompt((Integer) v)),
      new Field("max_new_tokens", Kind.INT, false, TrainConfig::maxNewTokens, (b, v) -> b.maxNewTokens((Integer) v)),
      new Field("temperature", Kind.NUMBER, false, TrainConfig::temperature, (b, v) -> b.temperature((Double) v)),
      new Field("learning_rate", Kind.NUMBER, false, TrainConfig::learningRate,
          (b, v) -> b.learningRate((Double) v)),
      new Field("micro_batch", Kind.INT, false, TrainConfig::microBatch, (b, v) -> b.microBatch((Integer) v)),
      new Field("updates_per_batch", Kind.INT, false, TrainConfig::updatesPerBatch,
          (b, v) -> b.updatesPerBatch((Integer) v)),
      new Field("max_difficulty", Kind.INT, false, TrainConfig::maxDifficulty,
          (b, v) -> b.maxDifficulty((Integer) v)),
      new Field("sft_steps", Kind.INT, false, TrainConfig::sftSteps, (b, v) -> b.sftSteps((Integer) v)),
      new Field("sft_batch", Kind.INT, false, TrainConfig::sftBatch, (b, v) -> b.sftBatch((Integer) v)),
      new Field("sft_learning_rate", Kind.NUMBER, false, TrainConfig::sftLearningRate,
          (b, v) -> b.sftLearningRate((Double) v)),
      new Field("eval_problems", Kind.INT, false, TrainConfig::evalProblems, (b, v) -> b.evalProblems((Integer) v)),
      new Field("eval_every", Kind.INT, false, TrainConfig::evalEvery, (b, v) -> b.evalEvery((Integer) v)),
      new Field("eval_split", Kind.TEXT, false, c -> c.evalSplit().configName(),
          (b, v) -> b.evalSplitName((String) v)),
      new Field("checkpoint_every", Kind.INT, false, TrainConfig::checkpointEvery,
          (b, v) -> b.checkpointEvery((Integer) v)),
      new Field("keep_checkpoints", Kind.INT, false, TrainConfig::keepCheckpoints,
          (b, v) -> b.keepCheckpoints((Integer) v)),
      new Field("rollout_workers", Kind.INT, false, TrainConfig::rolloutWorkers,
          (b, v) -> b.rolloutWorkers((Integer) v)),
      new Field("ray_address", Kind.TEXT, true, TrainConfig::rayAddress, (b, v) -> b.rayAddress((String) v)),
      new Field("ray_connect_timeout_s", Kind.INT, false, TrainConfig::rayConnectTimeoutSeconds,
          (b, v) -> b.rayConnectTimeoutSeconds((Integer) v)),
      new Field("threads", Kind.INT, false, TrainConfig::threads, (b, v) -> b.threads((Integer) v)),
      new Field("pipeline", Kind.TEXT, false, c -> c.pipeline().configName(),
          (b, v) -> b.pipelineName((String) v)),
      new Field("on_reward_error", Kind.TEXT, false, TrainConfig::onRewardError,
          (b, v) -> b.onRewardError((String) v)),
      new Field("model_dir", Kind.TEXT, true, TrainConfig::modelDir, (b, v) -> b.modelDir((String) v)),
      new Field("reward", Kind.TEXT, false, TrainConfig::reward, (b, v) -> b.reward((String) v)),
      new Field("behavior", Kind.TEXT, true, TrainConfig::behavior, (b, v) -> b.behavior((String) v)),
      new Field("advantage", Kind.TEXT, true, TrainConfig::advantage, (b, v) -> b.advantage((String) v)),
      new Field("learner_backend", Kind.TEXT, true, TrainConfig::learnerBackend,
          (b, v) -> b.learnerBackend((String) v)),
      new Field("rollout_backend", Kind.TEXT, true, TrainConfig::rolloutBackend,
          (b, v) -> b.rolloutBackend((String) v)),
      new Field("scalar_writers", Kind.TEXTS, true, TrainConfig::scalarWriters,
          (b, v) -> b.scalarWriters(texts(v))),
      new Field("plugins", Kind.TEXTS, false, TrainConfig::plugins, (b, v) -> b.plugins(texts(v))));

  @SuppressWarnings("unchecked")
  private static List<String> texts(Object value) {
    return (List<String>) value;
  }

  /** Every field of {@code config}, in table order; unset optional fields as {@code null}. */
  public static ObjectNode toTree(TrainConfig config) {
    ObjectNode node = JSON.createObjectNode();
    for (Field f : ALL) {
      node.set(f.name(), JSON.valueToTree(f.get(config)));
    }
    return node;
  }

  /** A JSON array of strings as a list; null for anything else. */
  private static List<String> texts(JsonNode node) {
    if (!node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        return null;
      }
      out.add(item.textValue());
    }
    return out;
  }

  /**
   * The whole number {@code value} of an integer field, or why it is not one: a fraction, or a value outside the
   * field's range ({@code int} or {@code long}), named with the bound. A whole number written with an exponent or a
   * decimal point ({@code 1e3}, {@code 10.0}) is taken as the integer it is.
   */
  private static Either<String, Long> whole(Field f, JsonNode value) {
    BigDecimal exact = value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue()) ? null
        : value.decimalValue();
    if (exact == null || exact.stripTrailingZeros().scale() > 0) {
      return Either.left(String.format("field '%s' must be %s, got %s", f.name(), f.kind().expected, value.asText()));
    }
    BigInteger n = exact.toBigIntegerExact();
    long min = f.kind() == Kind.INT ? Integer.MIN_VALUE : Long.MIN_VALUE;
    long max = f.kind() == Kind.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
    String bits = f.kind() == Kind.INT ? "31" : "63";
    if (n.compareTo(BigInteger.valueOf(max)) > 0) {
      return Either.left(String.format("field '%s' must be an integer <= %d (2^%s - 1), got %s", f.name(), max,
          bits, exact.toPlainString()));
    }
    if (n.compareTo(BigInteger.valueOf(min)) < 0) {
      return Either.left(String.format("field '%s' must be an integer >= %d (-2^%s), got %s", f.name(), min, bits,
          exact.toPlainString()));
    }
    return Either.right(n.longValueExact());
  }

  /**
   * Sets the fields present in {@code root} on {@code builder}; returns a problem per unknown or ill-typed field (the
   * others are still applied).
   */
  static Seq<String> apply(JsonNode root, TrainConfig.Builder builder) {
    Map<String, Field> byName = new LinkedHashMap<>();
    ALL.forEach(f -> byName.put(f.name(), f));
    Seq<String> problems = Vector.empty();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(PROVENANCE)) {
        continue;
      }
      Field f = byName.get(e.getKey());
      if (f == null) {
        problems = problems.append(String.format("unknown field '%s'; known fields: %s", e.getKey(),
            String.join(", ", new TreeSet<>(byName.keySet()))));
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        if (f.nullable()) {
          f.set(builder, null);
        } else {
          problems = problems.append(String.format("field '%s' must be %s, got null", f.name(), f.kind().expected));
        }
        continue;
      }
      if ((f.kind() == Kind.INT || f.kind() == Kind.LONG) && v.isNumber()) {
        Either<String, Long> whole = whole(f, v);
        if (whole.isLeft()) {
          problems = problems.append(whole.getLeft());
        } else {
          f.set(builder, f.kind() == Kind.INT ? (Object) whole.get().intValue() : (Object) whole.get());
        }
        continue;
      }
      Object parsed = switch (f.kind()) {
        case TEXT -> v.isTextual() ? v.textValue() : null;
        case NUMBER -> v.isNumber() ? (Object) v.doubleValue() : null;
        case TEXTS -> texts(v);
        case INT, LONG -> null; // not a number
      };
      if (parsed == null) {
        problems = problems.append(String.format("field '%s' must be %s, got %s", f.name(), f.kind().expected, v));
      } else {
        f.set(builder, parsed);
      }
    }
    return problems;
  }
}
