package dev.nestedreft.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BadRowTest {
  private static final String GOOD = "{\"question\": \"One?\", \"answer\": \"#### 1\"}";
  private static final String GOOD_MATH = "{\"problem\": \"Two?\", \"solution\": \"\\\\boxed{2}\"}";

  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** A bad third line (the second is blank), for the format that reads it, and the expected message. */
  static Stream<Arguments> badRows() {
    return Stream.of(
        gsm8k("{\"question\": \"Two?\", \"answer\": \"#### 2\"", "malformed JSON at column"),
        gsm8k("{\"question\": \"Two?\", \"answer\": \"#### 2\"} extra", "malformed JSON"),
        gsm8k("[1, 2]", "expected a JSON object, not an array"),
        gsm8k("{\"question\": \"Two?\"}", "missing field 'answer' (the row has [question])"),
        gsm8k("{\"question\": 2, \"answer\": \"#### 2\"}", "field 'question' must be a string, not a number"),
        gsm8k("{\"question\": null, \"answer\": \"#### 2\"}", "field 'question' is null"),
        gsm8k("{\"question\": \"  \", \"answer\": \"#### 2\"}", "field 'question' is blank"),
        gsm8k("{\"question\": \"Two?\", \"answer\": \"it is 2\"}", "field 'answer' has no final answer after '####'"),
        gsm8k("{\"question\": \"Two?\", \"answer\": \"#### \"}", "no final answer after '####'"),
        Arguments.of(DatasetFormat.SVAMP, "{\"Body\": \"B.\", \"Question\": \"Q?\", \"Answer\": 1}",
            "{\"Body\": \"B.\", \"Question\": \"Q?\", \"Answer\": \"12\"}",
            "field 'Answer' must be a number, not a string"),
        Arguments.of(DatasetFormat.MATH, GOOD_MATH, "{\"problem\": \"Two?\", \"solution\": \"it is 2\"}",
            "field 'solution' has no \\boxed{...} answer"),
        Arguments.of(DatasetFormat.MATH, GOOD_MATH, "{\"problem\": \"Two?\", \"solution\": \"\\\\boxed{2\"}",
            "has no \\boxed{...} answer"));
  }

  /** A bad GSM8K row between good ones. */
  private static Arguments gsm8k(String bad, String why) {
    return Arguments.of(DatasetFormat.GSM8K, GOOD, bad, why);
  }

  @Test
  void aPromptLongerThanTheModelsContextAllowsIsABadRowThatSkipSkips() throws IOException {
    String longRow = "{\"question\": \"" + "x".repeat(600) + "\", \"answer\": \"#### 2\"}";
    Path file = write("long.jsonl", GOOD, longRow, "{\"question\": \"Three?\", \"answer\": \"#### 3\"}");
    PromptLimit limit = PromptLimit.ofContext(text -> text.length() + 1, 512, 24);
    assertThatThrownBy(() -> JsonlLoader.of(DatasetFormat.GSM8K).promptLimit(limit).load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(file + ":2: the prompt takes 601 tokens, more than the 488 of the model's context "
            + "(max_position_embeddings 512) less max_new_tokens 24");
    LoadedDataset data = JsonlLoader.of(DatasetFormat.GSM8K).promptLimit(limit).onBadRow(OnBadRow.SKIP).load(file);
    assertThat(data.problems()).hasSize(2);
    assertThat(data.report().skipped()).isEqualTo(1);
    assertThat(data.report().messages()).singleElement().asString().startsWith(file + ":2: the prompt takes 601");
    JsonlTask task = new JsonlTask("long", data.problems().subList(0, 1), data.problems().subList(1, 2), 1);
    assertThat(task.longestPrompt(text -> text.length() + 1)).hasValue("Three?".length() + 1);
    assertThat(task.heldOutCount()).hasValue(1);
    assertThatThrownBy(() -> PromptLimit.ofContext(String::length, 16, 16)).isInstanceOf(InvalidInputException.class)
        .hasMessage("no prompt fits: the model's context (max_position_embeddings 16) less max_new_tokens 16 leaves "
            + "0 tokens");
  }

  @ParameterizedTest
  @MethodSource("badRows")
  void stopNamesTheFileAndTheExactLine(DatasetFormat format, String good, String bad, String why)
      throws IOException {
    Path file = write("data.jsonl", good, "", bad, good);
    assertThatThrownBy(() -> JsonlLoader.of(format).load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(file + ":3: ")
        .hasMessageContaining(why)
        .hasMessageNotContaining("Source:")
        .hasMessageNotContaining("\n");
  }

  @ParameterizedTest
  @MethodSource("badRows")
  void skipCountsAndReportsTheRow(DatasetFormat format, String good, String bad, String why) throws IOException {
    Path file = write("data.jsonl", good, "", bad, good);
    LoadedDataset data = JsonlLoader.of(format).onBadRow(OnBadRow.SKIP).load(file);
    assertThat(data.problems()).extracting(TaskProblem::id).containsExactly(0L, 1L);
    assertThat(data.report().loaded()).isEqualTo(2);
    assertThat(data.report().skipped()).isEqualTo(1);
    assertThat(data.report().messages()).singleElement().asString()
        .startsWith(file + ":3: ").contains(why);
    assertThat(data.report().summary()).contains("2 problems, 1 bad rows skipped").contains(":3: ");
  }

  @Test
  void invalidUtf8IsABadRowOnItsLine() throws IOException {
    Path file = dir.resolve("bytes.jsonl");
    byte[] bad = {'{', '"', 'q', 'u', 'e', 's', 't', 'i', 'o', 'n', '"', ':', '"', (byte) 0xC3, '"', '}'};
    Files.write(file, (GOOD + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(file, bad, StandardOpenOption.APPEND);
    Files.write(file, ("\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    assertThatThrownBy(() -> JsonlLoader.detecting().load(file)).hasMessage(file + ":2: not valid UTF-8");
    assertThat(JsonlLoader.detecting().onBadRow(OnBadRow.SKIP).load(file).report().skipped()).isEqualTo(1);
  }

  @Test
  void skipKeepsTheFirstFiveMessagesAndCountsAll() throws IOException {
    String[] lines = new String[9];
    lines[0] = GOOD;
    for (int i = 1; i < lines.length; i++) {
      lines[i] = "{\"question\": \"Q" + i + "\"}";
    }
    LoadedDataset data = JsonlLoader.detecting().onBadRow(OnBadRow.SKIP).load(write("many.jsonl", lines));
    assertThat(data.report().skipped()).isEqualTo(8);
    assertThat(data.report().messages()).hasSize(LoadReport.MAX_MESSAGES);
    assertThat(data.report().messages().get(4)).contains("many.jsonl:6: missing field 'answer'");
  }

  @Test
  void detectionUsesTheFirstRowThatIsAnObject() throws IOException {
    Path file = write("late.jsonl", "not json", "", GOOD_MATH);
    LoadedDataset data = JsonlLoader.detecting().onBadRow(OnBadRow.SKIP).load(file);
    assertThat(data.report().format()).isEqualTo(DatasetFormat.MATH);
    assertThat(data.report().messages()).singleElement().asString().contains("late.jsonl:1: malformed JSON");
    assertThatThrownBy(() -> JsonlLoader.detecting().load(file)).hasMessageContaining("late.jsonl:1: malformed JSON");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nowhere/train.jsonl");
    assertThatThrownBy(() -> JsonlLoader.detecting().load(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(missing + ": file not found");
    assertThatThrownBy(() -> JsonlLoader.detecting().load(dir)).hasMessage(dir + ": not a regular file");
  }

  @Test
  void aFileWithoutRowsOrWithOnlyBadRowsFails() throws IOException {
    Path empty = write("empty.jsonl", "", "  ");
    assertThatThrownBy(() -> JsonlLoader.detecting().load(empty)).hasMessage(empty + ": no rows");
    Path bad = write("bad.jsonl", "{\"question\": \"Q\", \"answer\": \"no marker\"}");
    assertThatThrownBy(() -> JsonlLoader.detecting().onBadRow(OnBadRow.SKIP).load(bad))
        .hasMessageContaining("bad.jsonl: no problems loaded; all 1 rows were bad, first: " + bad + ":1: ");
  }
}
