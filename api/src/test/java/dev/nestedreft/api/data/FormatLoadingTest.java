package dev.nestedreft.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatLoadingTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static final String[] GSM8K = {
    "{\"question\": \"Tom has 3 apples and buys 4. How many?\", \"answer\": \"3+4=<<3+4=7>>7\\n#### 7\"}",
    "{\"question\": \"A car costs 1,000 and tax is 234. Total?\", \"answer\": \"1000+234=1234\\n#### 1,234\"}",
    "{\"question\": \"Debt of 5?\", \"answer\": \"She owes 5.\\n####   -5 \"}",
  };
  private static final String[] SVAMP = {
    "{\"ID\": \"chal-1\", \"Body\": \"Jack had 8 pens. He gave 4 away.\", \"Question\": \"How many are left?\","
        + " \"Equation\": \"( 8.0 - 4.0 )\", \"Answer\": 12.0}",
    "{\"Body\": \"A rope is 7.5 m long \", \"Question\": \" How long are two?\", \"Answer\": 15.50}",
    "{\"Body\": \"B.\", \"Question\": \"Q?\", \"Answer\": 3}",
  };
  private static final String[] MATH = {
    "{\"problem\": \"What is $1/2$ as a fraction?\", \"solution\": \"It is $\\\\boxed{\\\\frac{1}{2}}$.\","
        + " \"level\": \"Level 1\"}",
    "{\"problem\": \"Compute 2+3.\", \"solution\": \"First \\\\boxed{4} is wrong; $2+3=\\\\boxed{5}$\"}",
  };

  @Test
  void loadsGsm8kWithCommasRemovedAndTheAnswerTextAsSolution() throws IOException {
    LoadedDataset data = JsonlLoader.of(DatasetFormat.GSM8K).load(write("gsm8k.jsonl", GSM8K));
    assertThat(data.problems()).containsExactly(
        new TaskProblem(0, "Tom has 3 apples and buys 4. How many?", "7", "3+4=<<3+4=7>>7\n#### 7"),
        new TaskProblem(1, "A car costs 1,000 and tax is 234. Total?", "1234", "1000+234=1234\n#### 1,234"),
        new TaskProblem(2, "Debt of 5?", "-5", "She owes 5.\n####   -5 "));
    assertThat(data.report().format()).isEqualTo(DatasetFormat.GSM8K);
    assertThat(data.report().loaded()).isEqualTo(3);
    assertThat(data.report().skipped()).isZero();
  }

  @Test
  void loadsSvampJoiningBodyAndQuestionAndDroppingTrailingZeros() throws IOException {
    List<TaskProblem> problems = JsonlLoader.of(DatasetFormat.SVAMP).load(write("svamp.jsonl", SVAMP)).problems();
    assertThat(problems).containsExactly(
        new TaskProblem(0, "Jack had 8 pens. He gave 4 away. How many are left?", "12", "#### 12"),
        new TaskProblem(1, "A rope is 7.5 m long How long are two?", "15.5", "#### 15.5"),
        new TaskProblem(2, "B. Q?", "3", "#### 3"));
  }

  @Test
  void loadsMathFromTheLastBoxWithNestedBraces() throws IOException {
    List<TaskProblem> problems = JsonlLoader.of(DatasetFormat.MATH).load(write("math.jsonl", MATH)).problems();
    assertThat(problems).extracting(TaskProblem::reference).containsExactly("\\frac{1}{2}", "5");
    assertThat(problems.get(0).prompt()).isEqualTo("What is $1/2$ as a fraction?");
    assertThat(problems.get(0).solution()).isEqualTo("It is $\\boxed{\\frac{1}{2}}$.\n#### \\frac{1}{2}");
    assertThat(problems.get(1).solution()).isEqualTo("First \\boxed{4} is wrong; $2+3=\\boxed{5}$\n#### 5");
  }

  @Test
  void detectsEachFormatFromTheFirstRow() throws IOException {
    assertThat(JsonlLoader.detecting().load(write("a.jsonl", GSM8K)).report().format())
        .isEqualTo(DatasetFormat.GSM8K);
    assertThat(JsonlLoader.detecting().load(write("b.jsonl", SVAMP)).report().format())
        .isEqualTo(DatasetFormat.SVAMP);
    LoadedDataset math = JsonlLoader.detecting().load(write("c.jsonl", MATH));
    assertThat(math.report().format()).isEqualTo(DatasetFormat.MATH);
    assertThat(math.problems()).extracting(TaskProblem::reference).containsExactly("\\frac{1}{2}", "5");
    assertThat(JsonlLoader.fromOptions(null, null).format()).isEmpty();
  }

  @Test
  void detectionFailureNamesTheFieldsAndTheLine() throws IOException {
    Path file = write("odd.jsonl", "", "{\"q\": \"x\", \"a\": 1}");
    assertThatThrownBy(() -> JsonlLoader.detecting().onBadRow(OnBadRow.SKIP).load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("odd.jsonl:2: cannot detect the dataset format from the fields [q, a]")
        .hasMessageContaining("--fields");
  }

  @Test
  void genericMappingReadsNumbersStringsAndSolutions() throws IOException {
    Path file = write("custom.jsonl",
        "{\"q\": \"Two plus two?\", \"final\": 4.0, \"steps\": \"2+2=4\"}",
        "{\"q\": \"Half of one?\", \"final\": \"so \\\\boxed{\\\\frac{1}{2}}\", \"steps\": \"done\\n#### \\\\frac{1}{2}\"}",
        "{\"q\": \"Big?\", \"final\": \"#### 12,000\", \"steps\": \"x\"}",
        "{\"q\": \"Name?\", \"final\": \"  blue \", \"steps\": \"s\"}");
    LoadedDataset data = JsonlLoader.fromOptions(null, "prompt=q, answer=final,solution=steps").load(file);
    assertThat(data.report().format()).isEqualTo(DatasetFormat.GENERIC);
    assertThat(data.problems()).containsExactly(
        new TaskProblem(0, "Two plus two?", "4", "2+2=4\n#### 4"),
        new TaskProblem(1, "Half of one?", "\\frac{1}{2}", "done\n#### \\frac{1}{2}"),
        new TaskProblem(2, "Big?", "12000", "x\n#### 12000"),
        new TaskProblem(3, "Name?", "blue", "s\n#### blue"));
    List<TaskProblem> noSolution = JsonlLoader.generic(FieldMapping.of("q", "final")).load(file).problems();
    assertThat(noSolution.get(0).solution()).isEqualTo("#### 4");
  }

  @Test
  void aMappingNamingAMissingFieldErrorsWithTheFieldAndTheEntry() throws IOException {
    Path file = write("gsm.jsonl", GSM8K);
    assertThatThrownBy(() -> JsonlLoader.fromOptions(null, "prompt=question,answer=final").load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("gsm.jsonl:1: missing field 'final' (the row has [question, answer])")
        .hasMessageContaining("(mapped by answer=final)");
    assertThatThrownBy(() -> JsonlLoader.fromOptions("generic", "prompt=question,answer=answer,solution=why")
            .onBadRow(OnBadRow.SKIP).load(file))
        .hasMessageContaining("no problems loaded; all 3 rows were bad")
        .hasMessageContaining("missing field 'why'")
        .hasMessageContaining("solution=why");
  }

  @Test
  void toleratesABomBlankLinesAndCrlf() throws IOException {
    Path file = dir.resolve("bom.jsonl");
    String text = "\uFEFF" + GSM8K[0] + "\r\n\r\n   \n" + GSM8K[1] + "\r\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);
    LoadedDataset data = JsonlLoader.detecting().load(file);
    assertThat(data.problems()).extracting(TaskProblem::reference).containsExactly("7", "1234");
    assertThat(data.problems()).extracting(TaskProblem::id).containsExactly(0L, 1L);
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> JsonlLoader.fromOptions("gsm8k", "prompt=a,answer=b"))
        .hasMessageContaining("applies to format generic only");
    assertThatThrownBy(() -> JsonlLoader.fromOptions("generic", null)).hasMessageContaining("needs a field mapping");
    assertThatThrownBy(() -> JsonlLoader.of(DatasetFormat.GENERIC)).hasMessageContaining("needs a field mapping");
    assertThatThrownBy(() -> JsonlLoader.fromOptions("csv", null))
        .hasMessageContaining("unknown dataset format 'csv'").hasMessageContaining("gsm8k");
    assertThat(JsonlLoader.fromOptions("MATH", null).format()).contains(DatasetFormat.MATH);
    assertThat(JsonlLoader.detecting().policy()).isEqualTo(OnBadRow.STOP);
    assertThat(OnBadRow.fromName("Skip")).isEqualTo(OnBadRow.SKIP);
    assertThatThrownBy(() -> OnBadRow.fromName("ignore")).hasMessageContaining("stop or skip");
  }
}
