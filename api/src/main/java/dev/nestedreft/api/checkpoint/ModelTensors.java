package dev.nestedreft.api.checkpoint;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the tensors of a model directory are exactly those its {@code config.json} implies
 * ({@link WeightNames#expected}): a tensor the config needs that is missing, or one it does not use, is an error
 * naming them, so that a config saying 4 layers beside weights of 8 fails instead of silently ignoring half the model.
 *
 * <p>One kind of extra tensor is tolerated with a warning: {@code *.rotary_emb.inv_freq}, a buffer that older Hugging
 * Face checkpoints saved and that is recomputed from {@code rope_theta}.
 */
public final class ModelTensors {
  /** The most groups a message lists before it says how many more there are. */
  static final int LISTED = 12;

  private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\..+");
  private static final String TOLERATED_SUFFIX = ".rotary_emb.inv_freq";

  private ModelTensors() {}

  /**
   * Checks the tensor {@code names} found in {@code source} against {@code spec}.
   *
   * @return warnings about tolerated extra tensors (empty when there are none)
   * @throws InvalidInputException naming the missing tensors, or those the config does not use
   */
  public static ImmutableList<String> check(Collection<String> names, ModelSpec spec, String source) {
    Set<String> expected = WeightNames.expected(spec).keySet();
    List<String> missing = expected.stream().filter(n -> !names.contains(n)).toList();
    List<String> unused = new ArrayList<>();
    List<String> tolerated = new ArrayList<>();
    for (String name : names) {
      if (!expected.contains(name)) {
        (name.endsWith(TOLERATED_SUFFIX) ? tolerated : unused).add(name);
      }
    }
    String layers = spec.numHiddenLayers() + " layer" + (spec.numHiddenLayers() == 1 ? "" : "s");
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add(String.format("%d tensor(s) that config.json (%s) needs are missing: %s", missing.size(), layers,
          summary(missing)));
    }
    if (!unused.isEmpty()) {
      problems.add(String.format("%d tensor(s) that config.json (%s) does not use: %s", unused.size(), layers,
          summary(unused)));
    }
    if (!problems.isEmpty()) {
      throw InvalidInputException.of("%s: %s; the weights and config.json do not describe the same model", source,
          String.join("; ", problems));
    }
    return tolerated.isEmpty() ? ImmutableList.of() : ImmutableList.of(String.format(
        "%s: ignoring %d tensor(s) recomputed from the config: %s", source, tolerated.size(), summary(tolerated)));
  }

  /**
   * The names with each layer's tensors as one group ({@code model.layers.4.* (9 tensors)}) and the other names as
   * they are; at most {@value #LISTED} groups.
   */
  static String summary(List<String> names) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String name : names) {
      Matcher m = LAYER.matcher(name);
      String key = m.matches() ? "model.layers." + m.group(1) + ".*" : name;
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
    }
    List<String> shown = new ArrayList<>();
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      if (shown.size() == LISTED) {
        shown.add("... and " + (groups.size() - LISTED) + " more");
        break;
      }
      List<String> members = g.getValue();
      shown.add(members.size() == 1 ? members.get(0) : g.getKey() + " (" + members.size() + " tensors)");
    }
    return String.join(", ", shown);
  }
}
