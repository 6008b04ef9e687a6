package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.cli.CliTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every bound of the command line and of a config is checked when it is read, before any work: usage errors exit
 * with 2, bad values with 1, each naming the option, field or file.
 */
class CommandLineBoundsTest {
  @TempDir static Path dir;
  /** {@code micro}: context 128, vocabulary 64. */
  static Path micro;

  @BeforeAll
  static void initModel() {
    micro = dir.resolve("micro");
    Run init = CliTest.run("init", "--preset", "micro", "--seed", "7", "--out", micro.toString());
    assertThat(init.exit()).as(init.err()).isZero();
  }

  private static Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static void assertUsageError(Run r, String expected) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(expected).doesNotContain("\tat ");
  }

  private static void assertError(Run r, String expected) {
    assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("error: ").contains(expected);
  }

  @ParameterizedTest(name = "score --tokens {0}")
  @CsvSource(delimiter = '|', value = {
      "1,x  | --tokens: 'x' is not an integer",
      "1    | --tokens: need at least two tokens to score a next token, got 1",
      "-1,2 | --tokens: token ids are >= 0, got -1",
      "1,64 | --tokens: token id 64 is outside the vocabulary: vocab_size is 64"})
  void badTokensAreUsageErrors(String tokens, String expected) {
    assertUsageError(CliTest.run("score", "--model", micro.toString(), "--tokens", tokens), expected);
  }

  @Test
  void scoreChecksTheContextBeforeRunningTheModel() {
    String tokens = String.join(",", Collections.nCopies(129, "1"));
    assertUsageError(CliTest.run("score", "--model", micro.toString(), "--tokens", tokens),
        "--tokens: 129 tokens exceed the model's context: max_position_embeddings is 128 ("
            + micro.resolve("config.json") + ")");
  }

  @ParameterizedTest(name = "eval {0}")
  @CsvSource(delimiter = '|', value = {
      "--problems 0                      | --problems must be >= 1, got 0",
      "--problems -5                     | --problems must be >= 1, got -5",
      "--problems 2000000000             | --problems 2000000000 exceeds the test split: arith-v2-level1 has 555 "
          + "held-out problems",
      "--problems 300 --split validation | --problems 300 exceeds the validation split: arith-v2-level1 has 555 "
          + "held-out problems, of which a validation set takes at most half, 277",
      "--problems 200000 --split train   | --problems must be <= 100000 for --split train, got 200000",
      "--samples 0                       | --samples must be >= 1, got 0"})
  void evalProblemsAreCheckedBeforeAnyProblemIsDrawn(String args, String expected) {
    long start = System.nanoTime();
    String[] command = ("eval --model " + micro + " " + args).split(" ");
    assertUsageError(CliTest.run(command), expected);
    assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(30);
  }

  @Test
  void evalChecksMaxNewTokensAgainstTheContext() {
    assertError(CliTest.run("eval", "--model", micro.toString(), "--max-new-tokens", "120"),
        "--max-new-tokens 120 + the longest prompt (14 tokens) = 134 exceeds the model's context: "
            + "max_position_embeddings is 128");
  }

  @Test
  void trainRefusesMaxNewTokensBeyondTheContextBeforeWritingAnything() throws IOException {
    Path runs = dir.resolve("context-runs");
    Path config = write("long-completions.yaml", "name: long", "max_new_tokens: 500");
    assertError(CliTest.run("train", "--config", config.toString(), "--runs", runs.toString()), config
        + ": max_new_tokens 500 + the longest prompt of arith-v2-level1 (14 tokens) = 514 exceeds the model's "
        + "context: max_position_embeddings is 512 (preset 'tiny'); at most 498 new tokens fit");
    Path none = write("no-room.yaml", "name: none", "max_new_tokens: 600", "eval_problems: 2000000000");
    Run r = CliTest.run("train", "--config", none.toString(), "--runs", runs.toString());
    assertThat(r.exit()).isEqualTo(Main.EXIT_ERROR);
    assertThat(r.err()).startsWith("error: " + none + ": max_new_tokens 600 leaves no room for a prompt");
    Path many = write("many-problems.yaml", "name: many", "eval_problems: 2000000000", "max_new_tokens: 499");
    r = CliTest.run("train", "--config", many.toString(), "--runs", runs.toString());
    assertThat(r.err()).startsWith("error: " + many + ": 2 problems:")
        .contains("max_new_tokens 499 + the longest prompt of arith-v2-level1 (14 tokens) = 513")
        .contains("eval_problems 2000000000 exceeds the test set's size: arith-v2-level1 has 555 held-out problems");
    assertThat(runs).as("nothing written").doesNotExist();
  }

  @Test
  void trainRefusesAConfigWithDuplicateKeysOrAliases() throws IOException {
    Path dup = write("dup.yaml", "name: a", "steps: 2", "steps: 3");
    assertError(CliTest.run("train", "--config", dup.toString(), "--runs", dir.resolve("dup-runs").toString()),
        dup + ": line 3: duplicate key 'steps' (first at line 2)");
    Path alias = write("alias.yaml", "algorithm: &r reft", "name: *r");
    assertError(CliTest.run("train", "--config", alias.toString(), "--runs", dir.resolve("alias-runs").toString()),
        alias + ": line 2: alias '*r'");
  }

  @Test
  void aJsonlPromptLongerThanTheContextIsABadRowAtLoad() throws IOException {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      rows.append(String.format("{\"question\": \"What is %d plus 2?\", \"answer\": \"#### %d\"}%n", i, i + 2));
    }
    rows.append("{\"question\": \"").append("long ".repeat(30)).append("\", \"answer\": \"#### 1\"}\n");
    Path data = Files.writeString(dir.resolve("long-prompt.jsonl"), rows);
    Path config = write("data.yaml", "name: data", "max_new_tokens: 8", "sft_steps: 0", "threads: 1",
        "eval_problems: 2");
    Path runs = dir.resolve("data-runs");
    // The model's context is 128: the last row's prompt (150 characters) leaves no room for 8 new tokens.
    Run stop = CliTest.run("train", "--config", config.toString(), "--runs", runs.toString(), "--model",
        micro.toString(), "--data", data.toString());
    assertError(stop, data + ":11: the prompt takes 151 tokens, more than the 120 of the model's context "
        + "(max_position_embeddings 128) less max_new_tokens 8");
    Run skip = CliTest.run("train", "--config", config.toString(), "--runs", runs.toString(), "--model",
        micro.toString(), "--data", data.toString(), "--on-bad-row", "skip");
    assertThat(skip.err()).contains("1 bad rows skipped").contains(data + ":11: the prompt takes 151 tokens");
    // The run itself then stops on the model: micro's 64 ids cannot hold the character tokenizer's 100.
    assertThat(skip.err()).contains("vocab_size 64 is smaller than the char-ascii tokenizer's 100 ids");
  }

  @Test
  void testPercentMustLeaveBothSidesOfTheSplit() throws IOException {
    Path data = Files.writeString(dir.resolve("tiny.jsonl"), "{\"question\": \"One?\", \"answer\": \"#### 1\"}\n");
    for (String percent : new String[] {"0", "100", "-3"}) {
      assertUsageError(CliTest.run("train", "--data", data.toString(), "--test-percent", percent, "--runs",
          dir.resolve("pct-runs").toString()), "--test-percent must be in [1, 99], got " + percent);
      assertUsageError(CliTest.run("compare", "--data", data.toString(), "--test-percent", percent, "--runs",
          dir.resolve("pct-runs").toString()), "--test-percent must be in [1, 99], got " + percent);
    }
  }
}
