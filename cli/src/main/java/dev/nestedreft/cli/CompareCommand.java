package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.train.ConfigCheck;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.io.AtomicFiles;
import dev.nestedreft.spi.io.FileTrees;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs several algorithms with the same seeds, the same data order and the same budget, one after the other, and
 * reports test accuracy before and after, rollout tokens/s of each run's behavior, and wall time, per algorithm
 * (mean and spread over seeds). Writes {@code compare.json}, {@code compare.md} and charts to the output folder.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare algorithms side by side: same seeds, same data order, same steps.")
final class CompareCommand extends RunsCommand {
  @Option(names = "--algos", defaultValue = "reft,nested-reft", split = ",",
      description = "Algorithms: a preset, optionally with a correction, e.g. nested-reft:is or "
          + "nested-reft:tis:c=2 (default: ${DEFAULT-VALUE}).")
  List<String> algos;

  @Option(names = "--seeds", defaultValue = "3", description = "Seeds 1..N for every algorithm (default: "
      + "${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--steps", description = "RL steps per run (default: the demo's).")
  Integer steps;

  @Option(names = "--config", description = "Base config (YAML or JSON) for every run; default: the demo's.")
  Path config;

  @Option(names = "--name", defaultValue = "compare", description = "Output folder under --runs (default: "
      + "${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--model", description = "Start every run from this Hugging Face model directory (model_dir).")
  Path model;

  @Mixin DataOptions dataOptions;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    TrainConfig base = config == null ? TrainConfig.demo() : TrainConfigReader.read(config);
    List<String> paths = Main.runPluginPaths(spec, base.plugins());
    try (PluginSet plugins = Main.openPlugins(paths)) {
      return run(plugins, base.toBuilder().plugins(paths).build());
    }
  }

  private Integer run(PluginSet plugins, TrainConfig configured) throws IOException {
    Algorithms algorithms = plugins.algorithms();
    Backends backends = plugins.backends();
    TrainConfig base = configured;
    if (steps != null) {
      base = base.toBuilder().steps(steps).build();
    }
    if (model != null) {
      base = base.toBuilder().modelDir(model.toString()).build();
    }
    for (String algo : algos) { // every variant is checked before the first run starts
      try {
        ConfigCheck.check(variant(base, algo, 1), algorithms, backends);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--algos " + algo + ": " + e.getMessage(), e);
      }
    }
    Path out = runs.resolve(name);
    Files.createDirectories(out);
    PrintWriter stdout = spec.commandLine().getOut();
    Signals signals = Signals.install();
    ArrayNode all = JSON.createArrayNode();
    try {
      for (String algo : algos) {
        for (int seed = 1; seed <= seeds && !signals.flag().get(); seed++) {
          TrainConfig cfg = variant(base, algo, seed);
          FileTrees.delete(runs.resolve(cfg.name()));
          stdout.printf("== %s, seed %d (%s) ==%n", algo, seed, cfg.name());
          stdout.flush();
          ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
          TrainingRun.Environment env = BuiltInTask.environment(cfg, runs, plugins);
          if (dataOptions.present()) { // the same dataset, split and order for every algorithm of a seed
            env = env.withTask(dataOptions.task(cfg.seed(), spec.commandLine().getErr()));
          }
          TrainResult r = TrainingRun.run(cfg, env, false, signals.flag(), progress);
          progress.finishLine();
          RunReport.write(runs.resolve(cfg.name()));
          ObjectNode row = all.addObject();
          row.put("algo", algo);
          row.put("seed", seed);
          row.put("run", cfg.name());
          r.toMap().forEach((field, value) -> row.set(field, JSON.valueToTree(value)));
          ArrayNode curve = curve(runs.resolve(cfg.name()));
          row.set("eval_curve", curve);
          // The RL steps alone: wall_s also counts the warm-up, which only a seed's first run computes.
          row.put("rl_steps_s", curve.isEmpty() ? 0 : curve.get(curve.size() - 1).get(0).asDouble());
          AtomicFiles.writeString(out.resolve("compare.json"), JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(all) + "\n");
        }
      }
      String table = table(all);
      AtomicFiles.writeString(out.resolve("compare.md"), table);
      CompareCharts.write(all, out);
      stdout.println();
      stdout.print(table);
      stdout.printf("%nwritten: %s (compare.json, compare.md, accuracy_vs_time.png, rollout_tokens_per_s.png)%n", out);
    } finally {
      stdout.flush();
      signals.done();
    }
    return 0;
  }

  /** {@code preset[:correction[:params]]} with seed {@code seed}; the run is named after both. */
  static TrainConfig variant(TrainConfig base, String algo, int seed) {
    String[] parts = algo.split(":", 2);
    String runName = (base.name() + "-" + algo.replace(':', '_').replace('=', '-').replace(',', '_') + "-s" + seed)
        .replaceAll("[^A-Za-z0-9._-]", "_");
    TrainConfig.Builder variant = base.toBuilder().name(runName).seed(seed).algorithm(parts[0]);
    if (parts.length > 1) {
      variant.correction(parts[1]);
    }
    if (base.evalEvery() == 0) {
      variant.evalEvery(Math.max(1, base.steps() / 3)); // a few points for the accuracy-vs-time chart
    }
    try {
      return variant.build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--algos " + algo + ": " + e.getMessage(), e);
    }
  }

  /** (wall seconds, test accuracy) points from the run's metrics and summary. */
  private static ArrayNode curve(Path run) throws IOException {
    ArrayNode points = JSON.createArrayNode();
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    points.addArray().add(0.0).add(summary.path("accuracy_before").asDouble());
    double wall = 0;
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode m = JSON.readTree(line);
      wall += m.path("step_s").asDouble();
      if (m.has("test_accuracy")) {
        points.addArray().add(wall).add(m.path("test_accuracy").asDouble());
      }
    }
    points.addArray().add(wall).add(summary.path("accuracy_after").asDouble());
    return points;
  }

  private static String table(ArrayNode all) {
    Map<String, List<JsonNode>> byAlgo = new LinkedHashMap<>();
    all.forEach(r -> byAlgo.computeIfAbsent(r.path("algo").asText(), k -> new ArrayList<>()).add(r));
    StringBuilder s = new StringBuilder();
    s.append("| algorithm | seeds | accuracy before | accuracy after | gain (points) | rollout tokens/s "
        + "(run's behavior) | nested / full tokens/s at the end | RL steps s |\n|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<JsonNode>> e : byAlgo.entrySet()) {
      List<JsonNode> rows = e.getValue();
      s.append(String.format("| %s | %d | %s | %s | %s | %s | %s | %s |%n", e.getKey(), rows.size(),
          stat(rows, "accuracy_before", 3), stat(rows, "accuracy_after", 3), gain(rows),
          stat(rows, "rollout_tokens_per_s", 0), ratio(rows), stat(rows, "rl_steps_s", 0)));
    }
    return s.toString();
  }

  private static String stat(List<JsonNode> rows, String field, int digits) {
    double[] v = rows.stream().mapToDouble(r -> r.path(field).asDouble()).toArray();
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    double sd = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length));
    return String.format("%." + digits + "f ± %." + digits + "f", mean, sd);
  }

  private static String gain(List<JsonNode> rows) {
    double mean = rows.stream().mapToDouble(r -> 100 * (r.path("accuracy_after").asDouble()
        - r.path("accuracy_before").asDouble())).average().orElse(Double.NaN);
    return String.format("%+.1f", mean);
  }

  private static String ratio(List<JsonNode> rows) {
    double mean = rows.stream().mapToDouble(r -> r.path("nested_rollout_tokens_per_s").asDouble()
        / r.path("full_rollout_tokens_per_s").asDouble()).average().orElse(Double.NaN);
    return String.format("%.2fx", mean);
  }
}
