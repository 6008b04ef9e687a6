package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.api.train.ConfigFields;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.ModelPresets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every message and help text that tells the user to pass an option, or to set a config field, names one that exists
 * where the user would give it. The string literals of every main source (those joined by {@code +} taken as one
 * text) are scanned for {@code --option} tokens and for config field names; options are checked against picocli's
 * model of the command line, config fields against {@link ConfigFields}:
 *
 * <ul>
 *   <li>an option after a command's name ({@code train --model}, {@code nested-reft probe-layers --json}) must be
 *       that command's;
 *   <li>otherwise, in the cli, an option must be one of every command that can show the text: the command whose
 *       class holds it, the commands that use a mixin that holds it, or the commands whose classes reach a helper
 *       that holds it (through the cli classes they name);
 *   <li>outside the cli, a class's messages reach the user through the commands {@link #REPORTED_BY} lists for it,
 *       and an option must be one of each of those (a class that names an option and is not listed fails);
 *   <li>a config field named as such ({@code the config's name field}, {@code config field reward;}) must be a field
 *       of a training config, and any {@code snake_case} word in the prose of the cli and of the packages that read
 *       and run configs a field of one of the files a run reads or writes (a training config, a model's
 *       config.json, metrics.jsonl, summary.json).
 * </ul>
 *
 * {@link #theCheckCatchesEachKindOfMistake} runs the check on the message that once told {@code train}'s user to
 * "choose another --name", and on two planted misspellings of config fields.
 */
class MessageNamesTest {
  /**
   * The commands through which the messages of a class reach the user, where the code does not say: for each class
   * outside the cli whose messages name an option, and for the cli classes that more commands reach than show their
   * messages.
   */
  static final Map<String, Set<String>> REPORTED_BY = Map.of(
      // compare's rows; train, demo and compare reach the class only through the report's table of a step's parts
      "CompareVariant", Set.of("compare"),
      // a fresh run in a folder with checkpoints, or a resume without one: only train resumes (demo and compare
      // empty a run's folder before they start it)
      "RunStart", Set.of("train"),
      // a JSONL dataset: --data of train, compare and probe-layers, --task FILE.jsonl of eval
      "JsonlLoader", Set.of("train", "compare", "probe-layers", "eval"),
      "FieldMapping", Set.of("train", "compare", "probe-layers", "eval"),
      // the skippable layers of probe-layers' searches; the behavior policies' own range is their protect_ends
      "SkippableLayers", Set.of("probe-layers"));

  /** Options of other programs that messages name, and why. */
  static final Map<String, String> FOREIGN = Map.of(
      "--add-opens", "a JVM option (JvmOptions)",
      "--head", "ray start --head, Ray's own command line (RayRuntime)",
      "--logdir", "tensorboard --logdir, TensorBoard's command line (RunReport)");

  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
  private static final Pattern SNAKE =
      Pattern.compile("(?<![\\w./$%{-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\\w(]|\\.[a-z])");
  private static final Pattern CONFIG_FIELD = Pattern.compile("config's ([a-z_]+) field|config field ([a-z_]+)[;),.]");
  /** A command's name right before the options: "train --model", "nested-reft bench rollout --json". */
  private static final Pattern COMMAND_BEFORE = Pattern.compile(
      "([a-z][a-z-]*)(?: ([a-z][a-z-]*))? (?:--?[a-z][\\w-]* (?:[A-Z][A-Z0-9_.]* )?)*$");
  /** A string literal preceded by an option's names attribute: the option's definition, not a message. */
  private static final Pattern NAMES_ATTRIBUTE = Pattern.compile("names\\s*=\\s*\\{?\\s*(?:\"[^\"]*\"\\s*,\\s*)*$");

  static CommandLine root;
  /** Every command's options (with its mixins' and the inherited ones), by its path ("bench rollout"). */
  static Map<String, Set<String>> options;
  static Set<String> configFields;

  @TempDir Path runs;

  @BeforeAll
  static void readTheCommandLine() {
    root = new CommandLine(new Main());
    options = new TreeMap<>();
    collect(root, "");
    configFields = new TreeSet<>();
    ConfigFields.toTree(TrainConfig.demo()).fieldNames().forEachRemaining(configFields::add);
  }

  private static void collect(CommandLine command, String path) {
    Set<String> names = new TreeSet<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      names.addAll(List.of(option.names()));
    }
    options.put(path.isEmpty() ? "nested-reft" : path, names);
    command.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        collect(sub, path.isEmpty() ? name : path + " " + name);
      }
    });
  }

  @Test
  void everyOptionAMessageNamesIsOneOfTheCommandsThatShowIt() throws IOException {
    assertThat(problems(sources())).isEmpty();
  }

  @Test
  void theCheckCatchesEachKindOfMistake() throws IOException {
    // The hint RunStart gave before: train has no --name (compare's --name names its output folder).
    assertThat(planted("RunStart.java", "or start a new run \"\n            + \"under another name (the config's name "
        + "field) or another --runs folder\"", "or choose another \"\n            + \"--name\"")).singleElement()
        .asString().contains("RunStart.java", "\"%s already has checkpoints; pass --resume to continue it, or choose "
            + "another --name\" names --name, which nested-reft train does not have");
    assertThat(planted("RunStart.java", "the config's name field", "the config's run_name field"))
        .anySatisfy(p -> assertThat(p).contains("names the config field run_name, which configs do not have"));
    assertThat(planted("SkipGuard.java", "Lower learning_rate", "Lower learn_rate")).singleElement().asString()
        .contains("SkipGuard.java", "names learn_rate, which is no field");
  }

  /** The problems of the sources with {@code text} replaced by {@code mistake} in {@code file}. */
  private static List<String> planted(String file, String text, String mistake) throws IOException {
    Map<Path, String> sources = sources();
    Path path = sources.keySet().stream().filter(p -> p.endsWith(file)).findFirst().orElseThrow();
    assertThat(sources.get(path)).as("%s holds the text to change", file).contains(text);
    sources.put(path, sources.get(path).replace(text, mistake));
    return problems(sources);
  }

  @Test
  void theForeignOptionsAndTheListedClassesAreStillThere() throws IOException {
    Map<Path, String> sources = sources();
    String all = String.join("\n", sources.values());
    for (String option : FOREIGN.keySet()) {
      assertThat(all).as("FOREIGN lists %s, which no source names any more", option).contains(option);
    }
    for (String listed : REPORTED_BY.keySet()) {
      assertThat(sources.keySet()).as("REPORTED_BY lists %s", listed).anyMatch(p -> p.endsWith(listed + ".java"));
    }
    REPORTED_BY.values().forEach(commands -> assertThat(options).containsKeys(commands.toArray(new String[0])));
  }

  /** The hint works: a fresh run in a folder with a checkpoint names what to do, and train has what it names. */
  @Test
  void aFreshTrainingRunInAFolderWithCheckpointsIsToldWhatWorks() throws IOException {
    Path checkpoint = Files.createDirectories(runs.resolve("taken/checkpoints/step-000002"));
    Files.writeString(checkpoint.resolve("state.json"), "{\"step\": 2}");
    Path config = Files.writeString(runs.resolve("taken.yaml"), "name: taken\nsteps: 1\n");
    CliTest.Run run = CliTest.run("train", "--config", config.toString(), "--runs", runs.toString());
    assertThat(run.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.err()).contains(runs.resolve("taken") + " already has checkpoints; pass --resume to continue it, "
        + "or start a new run under another name (the config's name field) or another --runs folder");
    assertThat(options.get("train")).contains("--resume", "--runs");
    assertThat(configFields).contains("name");
  }

  /** Every main source of the repository, by path. */
  static Map<Path, String> sources() throws IOException {
    Path root = DemoFiguresTest.repositoryRoot();
    Map<Path, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
          && !f.toString().contains("/target/")).sorted().toList()) {
        out.put(root.relativize(file), Files.readString(file));
      }
    }
    return out;
  }

  /** What is wrong with the option and field names of {@code sources}' texts, one line each. */
  static List<String> problems(Map<Path, String> sources) {
    Map<String, Set<String>> cliCommands = cliCommands(sources);
    Set<String> words = words();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Path, String> source : sources.entrySet()) {
      String file = source.getKey().toString();
      String className = source.getKey().getFileName().toString().replace(".java", "");
      boolean cli = file.startsWith("cli/");
      for (String text : texts(source.getValue())) {
        Matcher option = OPTION.matcher(text);
        while (option.find()) {
          String name = option.group();
          if (FOREIGN.containsKey(name)) {
            continue;
          }
          String named = commandBefore(text.substring(0, option.start()));
          Set<String> commands = named != null ? Set.of(named) : REPORTED_BY.containsKey(className)
              ? REPORTED_BY.get(className) : cli ? cliCommands.get(className) : null;
          if (commands == null || commands.isEmpty()) {
            problems.add(String.format("%s: \"%s\" names %s, but no command is known to show %s's messages (add it "
                + "to REPORTED_BY)", file, text, name, className));
            continue;
          }
          for (String command : new TreeSet<>(commands)) {
            if (!options.getOrDefault(command, Set.of()).contains(name) && !options.get("nested-reft").contains(name)) {
              problems.add(String.format("%s: \"%s\" names %s, which %s does not have", file, text, name,
                  command.equals("nested-reft") ? "the command line" : "nested-reft " + command));
            }
          }
        }
        Matcher field = CONFIG_FIELD.matcher(text);
        while (field.find()) {
          String name = field.group(1) != null ? field.group(1) : field.group(2);
          if (!configFields.contains(name)) {
            problems.add(String.format("%s: \"%s\" names the config field %s, which configs do not have", file, text,
                name));
          }
        }
        Matcher word = SNAKE.matcher(text);
        while (speaksOfConfigs(file) && text.contains(" ") && word.find()) {
          if (!words.contains(word.group())) {
            problems.add(String.format("%s: \"%s\" names %s, which is no field of a config, config.json, "
                + "metrics.jsonl or summary.json", file, text, word.group()));
          }
        }
      }
    }
    return problems;
  }

  /**
   * Whether the prose of {@code file} may speak of a config's fields (by their bare names, such as "Lower
   * learning_rate"): the cli and the packages that read configs and run them. Elsewhere snake_case words are the
   * fields of other formats (safetensors headers, tokenizer files, the probe's JSON).
   */
  private static boolean speaksOfConfigs(String file) {
    return file.startsWith("cli/") || file.startsWith("api/src/main/java/dev/nestedreft/api/train/")
        || file.startsWith("api/src/main/java/dev/nestedreft/api/launch/")
        || file.startsWith("api/src/main/java/dev/nestedreft/api/ray/");
  }

  /** The command named right before an option in {@code prefix}, if it is one. */
  private static String commandBefore(String prefix) {
    Matcher m = COMMAND_BEFORE.matcher(prefix);
    if (!m.find()) {
      return null;
    }
    if (m.group(2) != null && options.containsKey(m.group(1) + " " + m.group(2))) {
      return m.group(1) + " " + m.group(2);
    }
    String last = m.group(2) != null ? m.group(2) : m.group(1);
    return options.containsKey(last) && !last.equals("nested-reft") ? last : null;
  }

  /**
   * For each cli class, the commands that can show its texts: its own command, the commands that use it as a mixin,
   * and those whose classes reach it through the cli classes they name.
   */
  private static Map<String, Set<String>> cliCommands(Map<Path, String> sources) {
    Map<String, String> cli = new TreeMap<>();
    sources.forEach((path, text) -> {
      if (path.toString().startsWith("cli/")) {
        cli.put(path.getFileName().toString().replace(".java", ""), text);
      }
    });
    Map<String, Set<String>> own = new TreeMap<>();
    own(root, "", own);
    Map<String, Set<String>> reached = new TreeMap<>();
    own.forEach((className, commands) -> {
      Set<String> seen = new LinkedHashSet<>(List.of(className));
      List<String> queue = new ArrayList<>(seen);
      while (!queue.isEmpty()) {
        String current = queue.remove(0);
        for (String other : cli.keySet()) {
          if (!seen.contains(other) && !own.containsKey(other) && cli.containsKey(current)
              && Pattern.compile("\\b" + other + "\\b").matcher(code(cli.get(current))).find()) {
            seen.add(other);
            queue.add(other);
          }
        }
      }
      seen.forEach(c -> reached.computeIfAbsent(c, k -> new TreeSet<>()).addAll(commands));
    });
    return reached;
  }

  /** Each command class and mixin class (simple name) with the commands it belongs to. */
  private static void own(CommandLine command, String path, Map<String, Set<String>> out) {
    CommandSpec spec = command.getCommandSpec();
    String name = path.isEmpty() ? "nested-reft" : path;
    out.computeIfAbsent(spec.userObject().getClass().getSimpleName(), k -> new TreeSet<>()).add(name);
    spec.mixins().values().forEach(mixin -> out.computeIfAbsent(mixin.userObject().getClass().getSimpleName(),
        k -> new TreeSet<>()).add(name));
    command.getSubcommands().forEach((sub, child) -> {
      if (!sub.equals("help")) {
        own(child, path.isEmpty() ? sub : path + " " + sub, out);
      }
    });
  }

  /** The fields of the files the project reads and writes, and the words of {@link #WORDS}. */
  private static Set<String> words() {
    Set<String> words = new TreeSet<>(configFields);
    try {
      new ObjectMapper().readTree(HfConfig.toJson(ModelPresets.get("micro-qwen2"))).fieldNames()
          .forEachRemaining(words::add);
      Matcher metric = Pattern.compile("`([a-z][a-z0-9_]*)`").matcher(Files.readString(
          DemoFiguresTest.repositoryRoot().resolve("docs/METRICS.md")));
      while (metric.find()) {
        words.add(metric.group(1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    words.addAll(new TrainResult(0, 0, 0, 0, 0, 0, 0, 0, 0).toMap().keySet());
    return words;
  }

  /**
   * A source taken apart: its string literals (decoded) with where each starts and ends, and its code with every
   * literal and comment blanked out.
   */
  private record Scanned(List<String> literals, List<int[]> spans, String code) {}

  private static Scanned scan(String source) {
    List<int[]> spans = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    StringBuilder code = new StringBuilder(source);
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i) < 0 ? source.length() : source.indexOf('\n', i);
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2) + 2;
      } else if (c == '\'') {
        end = source.charAt(i + 1) == '\\' ? source.indexOf('\'', i + 3) + 1 : i + 3;
      } else if (source.startsWith("\"\"\"", i)) {
        end = source.indexOf("\"\"\"", i + 3) + 3;
        spans.add(new int[] {i, end});
        literals.add(source.substring(source.indexOf('\n', i) + 1, end - 3));
      } else if (c == '"') {
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (source.charAt(j) != '"') {
          if (source.charAt(j) == '\\') {
            j++;
            char escaped = source.charAt(j);
            text.append(escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped);
          } else {
            text.append(source.charAt(j));
          }
          j++;
        }
        end = j + 1;
        spans.add(new int[] {i, end});
        literals.add(text.toString());
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (code.charAt(k) != '\n') {
          code.setCharAt(k, ' ');
        }
      }
      i = end;
    }
    return new Scanned(literals, spans, code.toString());
  }

  /** The texts of a source: its string literals, those joined by {@code +} as one, without option definitions. */
  static List<String> texts(String source) {
    Scanned scanned = scan(source);
    List<String> texts = new ArrayList<>();
    StringBuilder joined = null;
    for (int k = 0; k < scanned.literals().size(); k++) {
      int start = scanned.spans().get(k)[0];
      boolean continues = k > 0
          && scanned.code().substring(scanned.spans().get(k - 1)[1], start).matches("\\s*\\+\\s*");
      if (!continues) {
        if (joined != null) {
          texts.add(joined.toString());
        }
        boolean definition = NAMES_ATTRIBUTE.matcher(source.substring(Math.max(0, start - 200), start)).find();
        joined = definition ? null : new StringBuilder();
      }
      if (joined != null) {
        joined.append(scanned.literals().get(k));
      }
    }
    if (joined != null) {
      texts.add(joined.toString());
    }
    return texts;
  }

  /** {@code source} without its string literals and comments: the code that names classes. */
  private static String code(String source) {
    return scan(source).code();
  }
}
