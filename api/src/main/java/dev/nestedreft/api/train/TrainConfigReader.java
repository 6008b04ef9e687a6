package dev.nestedreft.api.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link TrainConfig} from YAML ({@code .yaml}/{@code .yml}) or JSON. Every field is optional and
 * defaults to the demo's value (docs/CONFIG.md lists them). Every problem (an unknown or ill-typed field, a value
 * out of range and, given the installed {@link Algorithms}, a name that is not installed) is reported at once, in
 * one error naming the file and each field.
 */
public final class TrainConfigReader {
  private TrainConfigReader() {}

  /** Reads {@code file}; names are checked later, by the run. */
  public static TrainConfig read(Path file) {
    return read(file, null, null);
  }

  /**
   * Reads {@code file} and checks the names it refers to against what is installed ({@code algorithms} and
   * {@code backends}; null: not checked).
   *
   * <p>The file must hold one mapping: a duplicate key (at any depth), a second YAML document or JSON value, and a
   * YAML alias or anchor are refused, each with its line, rather than resolved (Jackson reads an alias as the
   * anchor's name, and a later duplicate silently wins).
   */
  public static TrainConfig read(Path file, Algorithms algorithms, Backends backends) {
    return fromTree(parse(file), file.toString(), TrainConfig.demo(), algorithms, backends);
  }

  /**
   * The tree of {@code file}, after {@link StrictTree} has found nothing wrong with its structure.
   *
   * @throws InvalidInputException naming the file: missing, not UTF-8, not parsable, or with duplicate keys,
   *     several documents, aliases or anchors (every such problem at once, each with its line)
   */
  static JsonNode parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("%s: file not found", file);
    } catch (IOException e) {
      throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.of("%s: not valid UTF-8 text", file);
    }
    return StrictTree.parse(text, isYaml(file), file.toString());
  }

  /**
   * The {@code plugins} field of {@code file} as written (empty when absent or not a list of strings, which
   * {@link #read} then reports), so that the plug-ins can be opened before the config's names are checked.
   */
  public static List<String> pluginPaths(Path file) {
    try {
      JsonNode root = parse(file);
      JsonNode plugins = root == null ? null : root.get("plugins");
      List<String> out = new ArrayList<>();
      if (plugins != null && plugins.isArray()) {
        plugins.forEach(p -> {
          if (p.isTextual()) {
            out.add(p.textValue());
          }
        });
      }
      return out;
    } catch (InvalidInputException e) {
      return List.of(); // read() reports the file's problem
    }
  }

  private static boolean isYaml(Path file) {
    Path name = file.getFileName();
    String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  /** Applies the fields of {@code root} over {@code base}; names are checked later, by the run. */
  public static TrainConfig fromTree(JsonNode root, String source, TrainConfig base) {
    return fromTree(root, source, base, null, null);
  }

  /**
   * Applies the fields of {@code root} over {@code base} and checks the result.
   *
   * @param algorithms the algorithms installed, to check the names against; null: not checked here
   * @param backends the backends installed, to check the names against; null: not checked here
   * @throws InvalidInputException listing every problem, each naming its field, after {@code source: }
   */
  public static TrainConfig fromTree(JsonNode root, String source, TrainConfig base, Algorithms algorithms,
      Backends backends) {
    if (root == null || root.isNull()) {
      return base;
    }
    if (!root.isObject()) {
      throw InvalidInputException.of("%s: expected a mapping of fields at the top level", source);
    }
    TrainConfig.Builder builder = base.toBuilder();
    Seq<String> problems = ConfigFields.apply(root, builder);
    problems = problems.appendAll(builder.problems());
    if (algorithms != null) {
      problems = problems.appendAll(ConfigCheck.names(builder, algorithms, backends));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(source + ": " + ConfigCheck.describe(problems));
    }
    return builder.build();
  }
}
