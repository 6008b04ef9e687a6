package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.EvalSplit;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.task.ArithTrainingTask;
import dev.nestedreft.api.task.CharTokenizer;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import io.vavr.collection.Seq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bound of a config is checked when the file is read, all problems at once; a file whose structure Jackson
 * would resolve silently (duplicate keys, a second document, YAML aliases) is refused with the line.
 */
class ConfigBoundsTest {
  private static final CharTokenizer CHARS = new CharTokenizer();
  private static final ToIntFunction<String> TOKENS = text -> CHARS.encodeWithBos(text).length;

  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static TrainConfig read(Path file) {
    return TrainConfigReader.read(file, Algorithms.discover(), Backends.discover());
  }

  @Test
  void duplicateKeysAreRefusedInYamlAndJsonWithTheirLines() throws IOException {
    Path yaml = write("dup.yaml", "name: a", "steps: 3", "name: b");
    assertThatThrownBy(() -> read(yaml)).isInstanceOf(InvalidInputException.class)
        .hasMessage(yaml + ": line 3: duplicate key 'name' (first at line 1)");
    Path json = write("dup.json", "{\"steps\": 3,", " \"provenance\": {\"a\": 1, \"a\": 2},", " \"steps\": 4}");
    assertThatThrownBy(() -> read(json)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(json + ": 2 problems:")
        .hasMessageContaining("line 2: duplicate key 'a' (first at line 2)")
        .hasMessageContaining("line 3: duplicate key 'steps' (first at line 1)");
  }

  @Test
  void aSecondDocumentOrValueIsRefused() throws IOException {
    Path yaml = write("two.yaml", "name: a", "---", "name: b");
    assertThatThrownBy(() -> read(yaml)).hasMessage(yaml + ": line 3: a second YAML document; a config file holds "
        + "one mapping");
    Path json = write("two.json", "{\"name\": \"a\"}", "{\"name\": \"b\"}");
    assertThatThrownBy(() -> read(json)).hasMessage(json + ": line 2: a second JSON value; a config file holds "
        + "one mapping");
    // One document, introduced by its marker, is fine.
    assertThat(read(write("one.yaml", "---", "name: a")).name()).isEqualTo("a");
  }

  @Test
  void yamlAliasesAndAnchorsAreRefusedNotReadAsTheAnchorsName() throws IOException {
    Path file = write("alias.yaml", "algorithm: &reft reft", "name: *reft");
    assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidInputException.class)
        .hasMessage(file + ": line 2: alias '*reft': YAML aliases and anchors are not accepted; write the value out");
    Path lists = write("anchors.yaml", "plugins: &jars [a.jar]", "scalar_writers: *jars");
    assertThatThrownBy(() -> read(lists)).hasMessageStartingWith(lists + ": 2 problems:")
        .hasMessageContaining("line 1: anchor '&jars': YAML aliases and anchors are not accepted")
        .hasMessageContaining("line 2: alias '*jars'");
  }

  @Test
  void aFileThatIsNotUtf8IsNamed() throws IOException {
    Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9});
    assertThatThrownBy(() -> read(file)).hasMessage(file + ": not valid UTF-8 text");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "steps: 1e12 | field 'steps' must be an integer <= 2147483647 (2^31 - 1), got 1000000000000",
      "steps: 3000000000 | field 'steps' must be an integer <= 2147483647 (2^31 - 1), got 3000000000",
      "steps: -3000000000 | field 'steps' must be an integer >= -2147483648 (-2^31), got -3000000000",
      "steps: 2.5 | field 'steps' must be an integer, got 2.5",
      "seed: 1e30 | field 'seed' must be an integer <= 9223372036854775807 (2^63 - 1), got "
          + "1000000000000000000000000000000",
      "learning_rate: 0 | learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got 0.0",
      "learning_rate: -1e-4 | learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got -1.0E-4",
      "sft_learning_rate: 0 | sft_learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got 0.0",
      "ray_connect_timeout_s: 0 | ray_connect_timeout_s must be in [1, 3600] seconds, got 0",
      "pipeline: async | pipeline must be 'sync' or 'one-step-off', got 'async'",
      "eval_problems: 0 | eval_problems must be > 0, got 0",
      "max_new_tokens: 511 | max_new_tokens 511 leaves no room for a prompt in the model's context: "
          + "max_position_embeddings is 512 (preset 'tiny')"})
  void aValueOutOfItsBoundsIsNamedWithTheBound(String line, String message) throws IOException {
    Path file = write("bad.yaml", line);
    assertThatThrownBy(() -> read(file)).isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ": " + message);
  }

  @Test
  void infiniteNumbersAreOutOfEveryBound() throws IOException {
    // YAML's .inf and .nan do not parse (Jackson: "Malformed numeric value"); JSON's 1e999 is infinite.
    Path yaml = write("inf.yaml", "learning_rate: .inf");
    assertThatThrownBy(() -> read(yaml)).hasMessageStartingWith(yaml + ": not valid YAML: Malformed numeric value");
    Path json = write("inf.json", "{\"learning_rate\": 1e999, \"temperature\": 1e999, \"steps\": 1e999}");
    assertThatThrownBy(() -> read(json)).hasMessageStartingWith(json + ": 3 problems:")
        .hasMessageContaining("field 'steps' must be an integer, got Infinity")
        .hasMessageContaining("learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got Infinity")
        .hasMessageContaining("temperature must be > 0 for RL and finite, got Infinity");
  }

  @Test
  void wholeNumbersWrittenWithAnExponentAreIntegers() throws IOException {
    TrainConfig config = read(write("exp.yaml", "steps: 1e3", "eval_problems: 100.0"));
    assertThat(config.steps()).isEqualTo(1000);
    assertThat(config.evalProblems()).isEqualTo(100);
  }

  @Test
  void rolloutWorkersAreBoundedByTheCoresInLocalModeAndByACapOnACluster() throws IOException {
    int local = TrainConfig.maxLocalRolloutWorkers();
    assertThat(local).isEqualTo(Math.max(2, 2 * Runtime.getRuntime().availableProcessors()));
    assertThat(read(write("ok.yaml", "rollout_workers: " + local)).rolloutWorkers()).isEqualTo(local);
    Path many = write("many.yaml", "rollout_workers: 1000");
    assertThatThrownBy(() -> read(many)).hasMessageStartingWith(many + ": rollout_workers must be <= " + local
        + " in Ray's LOCAL mode (no ray_address)").hasMessageEndingWith("got 1000");
    Path cluster = write("cluster.yaml", "rollout_workers: 1000", "ray_address: 10.0.0.1:6379");
    assertThatThrownBy(() -> read(cluster)).hasMessage(cluster + ": rollout_workers must be <= 256, got 1000");
    assertThat(read(write("cluster-ok.yaml", "rollout_workers: 200", "ray_address: 10.0.0.1:6379"))
        .rolloutWorkers()).isEqualTo(200);
  }

  @Test
  void everyBoundIsReportedAtOnce() throws IOException {
    Path file = write("all.yaml", "steps: 1e12", "rollout_workers: 100000", "learning_rate: 0",
        "max_new_tokens: 600", "name: x", "name: y");
    // The structure first: a file with a duplicate key is not read further.
    assertThatThrownBy(() -> read(file)).hasMessage(file + ": line 6: duplicate key 'name' (first at line 5)");
    Path values = write("values.yaml", "steps: 1e12", "rollout_workers: 100000", "learning_rate: 0",
        "max_new_tokens: 600");
    assertThatThrownBy(() -> read(values)).hasMessageStartingWith(values + ": 4 problems:")
        .hasMessageContaining("field 'steps' must be an integer <= 2147483647")
        .hasMessageContaining("learning_rate must be a finite number in (0")
        .hasMessageContaining("rollout_workers must be <= ")
        .hasMessageContaining("max_new_tokens 600 leaves no room for a prompt");
  }

  @Test
  void theDefaultsAndTheNewFieldRoundTrip() {
    TrainConfig demo = TrainConfig.demo();
    assertThat(demo.rayConnectTimeoutSeconds()).isEqualTo(TrainConfig.DEFAULT_RAY_CONNECT_TIMEOUT_SECONDS)
        .isEqualTo(60);
    TrainConfig changed = demo.toBuilder().rayConnectTimeoutSeconds(5).build();
    assertThat(ConfigFields.toTree(changed).get("ray_connect_timeout_s").asInt()).isEqualTo(5);
    assertThat(TrainConfigReader.fromTree(ConfigFields.toTree(changed), "tree", demo)).isEqualTo(changed);
  }

  @Test
  void aModelDirectoryWithoutConfigIsNamedWhenTheConfigIsRead() throws IOException {
    Path file = write("model.yaml", "model_dir: " + dir.resolve("nowhere"));
    assertThatThrownBy(() -> read(file)).hasMessageStartingWith(file + ": model_dir: ")
        .hasMessageContaining(dir.resolve("nowhere").resolve("config.json") + ": file not found");
  }

  @Test
  void maxNewTokensAndTheLongestArithPromptMustFitTheContext() {
    ModelSpec tiny = ModelPresets.get("tiny");
    ArithTrainingTask level1 = new ArithTrainingTask(7, 1);
    // "Q: 7*8+3=?\nA:" is 13 characters, 14 tokens with bos.
    assertThat(level1.longestPrompt(TOKENS)).hasValue(14);
    TrainConfig fits = TrainConfig.builder().maxNewTokens(512 - 14).build();
    assertThat(ConfigCheck.context(fits, tiny, level1, TOKENS)).isEmpty();
    TrainConfig tooMany = TrainConfig.builder().maxNewTokens(512 - 13).build();
    assertThat(ConfigCheck.context(tooMany, tiny, level1, TOKENS)).singleElement().asString()
        .isEqualTo("max_new_tokens 499 + the longest prompt of arith-v2-level1 (14 tokens) = 513 exceeds the "
            + "model's context: max_position_embeddings is 512 (preset 'tiny'); at most 498 new tokens fit");
  }

  @Test
  void evalProblemsBeyondTheHeldOutProblemsAreRefusedBeforeAnyProblemIsDrawn() {
    ModelSpec tiny = ModelPresets.get("tiny");
    ArithTrainingTask level1 = new ArithTrainingTask(7, 1);
    long start = System.nanoTime();
    Seq<String> problems = ConfigCheck.context(TrainConfig.builder().evalProblems(2_000_000_000).build(), tiny,
        level1, TOKENS);
    assertThat(problems).singleElement().asString().isEqualTo("eval_problems 2000000000 exceeds the test set's "
        + "size: arith-v2-level1 has 555 held-out problems");
    assertThat(ConfigCheck.context(TrainConfig.builder().evalProblems(300).evalSplit(EvalSplit.VALIDATION)
        .build(), tiny, level1, TOKENS)).singleElement().asString().isEqualTo("eval_problems 300 exceeds the "
        + "validation set's size: arith-v2-level1 has 555 held-out problems, and a validation set takes at most "
        + "half, 277");
    assertThat(ConfigCheck.context(TrainConfig.builder().evalProblems(555).build(), tiny, level1, TOKENS))
        .isEmpty();
    // The task refuses as fast by itself (it drew 50 problems per problem asked for, for minutes).
    assertThatThrownBy(() -> level1.test(2_000_000_000)).isInstanceOf(InvalidInputException.class)
        .hasMessage("arith-v2-level1: test(2000000000) asks for more problems than the 555 held-out problems the "
            + "task has");
    assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(20_000_000_000L);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void theLongestArithPromptBoundsEveryPromptDrawn(int level) {
    ArithTrainingTask task = new ArithTrainingTask(11, level);
    int longest = task.longestPrompt(TOKENS).orElseThrow();
    int drawn = task.train(0, 20_000).stream().mapToInt(p -> TOKENS.applyAsInt(p.prompt())).max().orElseThrow();
    int test = task.test(200).stream().mapToInt(p -> TOKENS.applyAsInt(p.prompt())).max().orElseThrow();
    assertThat(longest).isGreaterThanOrEqualTo(Math.max(drawn, test)).isLessThanOrEqualTo(drawn + 2);
  }
}
