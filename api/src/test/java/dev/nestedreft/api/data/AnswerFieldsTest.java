package dev.nestedreft.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerFieldsTest {
  @Test
  void lastBoxedMatchesNestedAndEscapedBraces() {
    assertThat(FinalAnswers.lastBoxed("so \\boxed{\\frac{1}{2}}.")).contains("\\frac{1}{2}");
    assertThat(FinalAnswers.lastBoxed("\\boxed{1} then \\boxed{ 2 }")).contains("2");
    assertThat(FinalAnswers.lastBoxed("\\boxed{\\{1,2\\}}")).contains("\\{1,2\\}");
    assertThat(FinalAnswers.lastBoxed("\\boxed{3} and an open \\boxed{4")).contains("3");
    assertThat(FinalAnswers.lastBoxed("\\boxed{}")).isEmpty();
    assertThat(FinalAnswers.lastBoxed("no box")).isEmpty();
  }

  @Test
  void afterHashTakesTheLastMarkerWithoutCommas() {
    assertThat(FinalAnswers.afterHash("a #### 1\nb\n#### 1,234,567 ")).contains("1234567");
    assertThat(FinalAnswers.afterHash("####")).isEmpty();
    assertThat(FinalAnswers.afterHash("42")).isEmpty();
  }

  @Test
  void withMarkerEndsEverySolutionInTheAnswer() {
    assertThat(FinalAnswers.withMarker(null, "5")).isEqualTo("#### 5");
    assertThat(FinalAnswers.withMarker("2+3=5\n#### 5\n", "5")).isEqualTo("2+3=5\n#### 5");
    assertThat(FinalAnswers.withMarker("2+3=5\n#### 6", "5")).isEqualTo("2+3=5\n#### 6\n#### 5");
    assertThat(FinalAnswers.withMarker("2+3=5", "5")).isEqualTo("2+3=5\n#### 5");
  }

  @Test
  void numbersAreWrittenPlain() {
    assertThat(RowFields.plain(new BigDecimal("12.0"))).isEqualTo("12");
    assertThat(RowFields.plain(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(RowFields.plain(new BigDecimal("-0.50"))).isEqualTo("-0.5");
    assertThat(RowFields.plain(new BigDecimal("0.000"))).isEqualTo("0");
  }

  @Test
  void fieldMappingsParseAndRejectMistakes() {
    assertThat(FieldMapping.parse("answer=final, prompt=question"))
        .isEqualTo(FieldMapping.of("question", "final"));
    FieldMapping full = FieldMapping.parse("prompt=q,answer=a,solution=s");
    assertThat(full.solutionField()).contains("s");
    assertThat(full).hasToString("prompt=q,answer=a,solution=s");
    assertThatThrownBy(() -> FieldMapping.parse("prompt=q")).hasMessageContaining("no answer=FIELD");
    assertThatThrownBy(() -> FieldMapping.parse("prompt=q,answer")).hasMessageContaining("'answer' is not key=field");
    assertThatThrownBy(() -> FieldMapping.parse("prompt=q,answer=a,label=b")).hasMessageContaining("'label'");
    assertThatThrownBy(() -> FieldMapping.parse("prompt=q,prompt=r,answer=a")).hasMessageContaining("twice");
    assertThatThrownBy(() -> FieldMapping.parse("prompt=,answer=a")).hasMessageContaining("prompt field name");
    assertThatThrownBy(() -> FieldMapping.parse(" ")).hasMessageContaining("--fields is empty");
  }

  @Test
  void formatsAreNamedAndDetected() {
    assertThat(DatasetFormat.fromName("svamp")).isEqualTo(DatasetFormat.SVAMP);
    assertThat(DatasetFormat.GSM8K.id()).isEqualTo("gsm8k");
    assertThat(DatasetFormat.detect(List.of("ID", "Body", "Question", "Answer", "answer")))
        .contains(DatasetFormat.SVAMP);
    assertThat(DatasetFormat.detect(List.of("problem", "solution", "answer"))).contains(DatasetFormat.MATH);
    assertThat(DatasetFormat.detect(List.of("answer", "question"))).contains(DatasetFormat.GSM8K);
    assertThat(DatasetFormat.detect(List.of("question"))).isEmpty();
  }
}
