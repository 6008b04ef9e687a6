package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Reads a {@link TrainConfig} from YAML ({@code .yaml}/{@code .yml}) or JSON. Every field is optional and
 * defaults to the demo's value (docs/CONFIG.md lists them). An unknown or ill-typed field is refused, naming the
 * file and the field.
 */
public final class TrainConfigReader {
  private TrainConfigReader() {}

  public static TrainConfig read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory())
        : new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw InvalidInputException.of("%s: file not found", file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": not valid " + (mapper.getFactory() instanceof YAMLFactory ? "YAML"
          : "JSON") + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    return fromTree(root, file.toString(), TrainConfig.demo());
  }

  /** Applies the fields of {@code root} over {@code base}. */
  public static TrainConfig fromTree(JsonNode root, String source, TrainConfig base) {
    if (root == null || root.isNull()) {
      return base;
    }
    if (!root.isObject()) {
      throw InvalidInputException.of("%s: expected a mapping of fields at the top level", source);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Field> fields = fields();
    Iterator<Map.Entry<String, JsonNode>> it = root.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Field f = fields.get(e.getKey());
      if (f == null) {
        throw InvalidInputException.of("%s: unknown field '%s'; known fields: %s", source, e.getKey(),
            String.join(", ", new TreeSet<>(fields.keySet())));
      }
      Object parsed;
      try {
        parsed = f.parse.apply(e.getKey(), e.getValue());
      } catch (InvalidInputException ex) {
        throw new InvalidInputException(source + ": " + ex.getMessage(), ex);
      }
      values.put(e.getKey(), parsed == null ? Field.NULL : parsed);
    }
    try {
      return new TrainConfig(
          str(values, "name", base.name()), lng(values, "seed", base.seed()), str(values, "preset", base.preset()),
          str(values, "algorithm", base.algorithm()), str(values, "correction", base.correction()),
          dbl(values, "skip_fraction", base.skipFraction()), integer(values, "steps", base.steps()),
          integer(values, "prompts_per_step", base.promptsPerStep()),
          integer(values, "samples_per_prompt", base.samplesPerPrompt()),
          integer(values, "max_new_tokens", base.maxNewTokens()),
          dbl(values, "temperature", base.temperature()), dbl(values, "learning_rate", base.learningRate()),
          integer(values, "micro_batch", base.microBatch()),
          integer(values, "updates_per_batch", base.updatesPerBatch()),
          integer(values, "max_difficulty", base.maxDifficulty()), integer(values, "sft_steps", base.sftSteps()),
          integer(values, "sft_batch", base.sftBatch()), dbl(values, "sft_learning_rate", base.sftLearningRate()),
          integer(values, "eval_problems", base.evalProblems()), integer(values, "eval_every", base.evalEvery()),
          integer(values, "checkpoint_every", base.checkpointEvery()),
          integer(values, "keep_checkpoints", base.keepCheckpoints()),
          integer(values, "rollout_workers", base.rolloutWorkers()), str(values, "ray_address", base.rayAddress()),
          integer(values, "threads", base.threads()), str(values, "on_reward_error", base.onRewardError()),
          str(values, "model_dir", base.modelDir()));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source + ": " + e.getMessage(), e);
    }
  }

  private record Field(BiFunction<String, JsonNode, Object> parse) {
    static final Object NULL = new Object();
  }

  private static Map<String, Field> fields() {
    Map<String, Field> f = new LinkedHashMap<>();
    for (String s : new String[] {"name", "preset", "algorithm", "correction", "ray_address", "on_reward_error", "model_dir"}) {
      f.put(s, new Field(TrainConfigReader::text));
    }
    for (String s : new String[] {"steps", "prompts_per_step", "samples_per_prompt", "max_new_tokens", "micro_batch",
        "updates_per_batch", "max_difficulty", "sft_steps", "sft_batch", "eval_problems", "eval_every",
        "checkpoint_every", "keep_checkpoints", "rollout_workers", "threads"}) {
      f.put(s, new Field(TrainConfigReader::intValue));
    }
    f.put("seed", new Field(TrainConfigReader::longValue));
    for (String s : new String[] {"skip_fraction", "temperature", "learning_rate", "sft_learning_rate"}) {
      f.put(s, new Field(TrainConfigReader::number));
    }
    return f;
  }

  private static Object text(String name, JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw InvalidInputException.of("field '%s' must be a string, got %s", name, node);
    }
    return node.textValue();
  }

  private static Object intValue(String name, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw InvalidInputException.of("field '%s' must be an integer, got %s", name, node);
    }
    return node.intValue();
  }

  private static Object longValue(String name, JsonNode node) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw InvalidInputException.of("field '%s' must be an integer, got %s", name, node);
    }
    return node.longValue();
  }

  private static Object number(String name, JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      throw InvalidInputException.of("field '%s' must be a number, got %s", name, node);
    }
    return node.doubleValue();
  }

  private static String str(Map<String, Object> v, String k, String fallback) {
    Object o = v.get(k);
    return o == null ? fallback : o == Field.NULL ? null : (String) o;
  }

  private static int integer(Map<String, Object> v, String k, int fallback) {
    Object o = v.get(k);
    return o == null || o == Field.NULL ? fallback : (Integer) o;
  }

  private static long lng(Map<String, Object> v, String k, long fallback) {
    Object o = v.get(k);
    return o == null || o == Field.NULL ? fallback : (Long) o;
  }

  private static double dbl(Map<String, Object> v, String k, double fallback) {
    Object o = v.get(k);
    return o == null || o == Field.NULL ? fallback : (Double) o;
  }

  private static Double dbl(Map<String, Object> v, String k, Double fallback) {
    Object o = v.get(k);
    return o == null ? fallback : o == Field.NULL ? null : (Double) o;
  }
}
