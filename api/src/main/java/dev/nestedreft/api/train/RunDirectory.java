package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.plugin.PluginJar;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's directory, {@code runs/<name>/}: {@code config.json} (the config in the form {@code train --config}
 * reads, with a {@code provenance} object it ignores), {@code summary.json}, {@code metrics.jsonl}, the TensorBoard
 * events and the checkpoints. Every file is written atomically.
 */
public final class RunDirectory {
  public static final String CONFIG = "config.json";
  public static final String SUMMARY = "summary.json";
  public static final String METRICS = "metrics.jsonl";
  public static final String TENSORBOARD = "tensorboard";
  public static final String CHECKPOINTS = "checkpoints";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path dir;

  public RunDirectory(Path dir) {
    this.dir = dir;
  }

  public Path path() {
    return dir;
  }

  public Path metrics() {
    return dir.resolve(METRICS);
  }

  /** {@code probe.json}: the layer probe a {@code probed} policy without a probe file ran at the start. */
  public Path probe() {
    return dir.resolve("probe.json");
  }

  public Path tensorboard() {
    return dir.resolve(TENSORBOARD);
  }

  public Checkpoints checkpoints(int keep) {
    return new Checkpoints(dir.resolve(CHECKPOINTS), keep);
  }

  /**
   * Writes {@code config.json}: every field of {@code config}, and under {@code provenance} what wrote it and the
   * plug-in jars the run's components came from, each with its SHA-256.
   */
  public void writeConfig(TrainConfig config, List<PluginJar> plugins) {
    ObjectNode node = ConfigFields.toTree(config);
    ObjectNode provenance = node.putObject(ConfigFields.PROVENANCE).put("nested_reft_version", NestedReft.VERSION)
        .put("java", System.getProperty("java.version"));
    ArrayNode jars = provenance.putArray("plugin_jars");
    for (PluginJar jar : plugins) {
      jars.addObject().put("path", jar.path().toString()).put("sha256", jar.sha256());
    }
    write(CONFIG, node);
  }

  /** Sets {@code values} in {@code summary.json}, keeping the fields it already has. */
  public void updateSummary(Map<String, Object> values) {
    Path file = dir.resolve(SUMMARY);
    ObjectNode node;
    try {
      node = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot read summary.json: " + e.getMessage(), e);
    }
    values.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
    write(SUMMARY, node);
  }

  /** A number in {@code summary.json}, if the file and the field are there. */
  public Optional<Double> summaryNumber(String field) {
    Path file = dir.resolve(SUMMARY);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(file.toFile()).get(field);
      return node == null || !node.isNumber() ? Optional.empty() : Optional.of(node.asDouble());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void write(String name, JsonNode node) {
    try {
      Files.createDirectories(dir);
      AtomicFiles.writeString(dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node)
          + "\n");
    } catch (IOException e) {
      throw new NestedReftException(dir + ": cannot write " + name + ": " + e.getMessage(), e);
    }
  }
}
