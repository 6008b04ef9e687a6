package dev.nestedreft.api.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import org.junit.jupiter.api.Test;

class ProblemTest {
  private static Problem problem(long id, int difficulty, String solution, long answer) {
    return new Problem(id, difficulty, "Q: 12+5=?\nA:", answer, solution, "add:5,12");
  }

  @Test
  void keepsItsFieldsAndRenumbers() {
    Problem p = problem(3, 2, " 12+5=17 #### 17", 17);
    assertThat(p.reference()).isEqualTo("17");
    Problem q = p.withId(9);
    assertThat(q.id()).isEqualTo(9);
    assertThat(q).isEqualTo(new Problem(9, 2, "Q: 12+5=?\nA:", 17, " 12+5=17 #### 17", "add:5,12"));
  }

  @Test
  void rejectsInvalidFields() {
    assertThatThrownBy(() -> problem(-1, 2, " 12+5=17 #### 17", 17))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("id must be >= 0");
    assertThatThrownBy(() -> problem(0, 0, " 12+5=17 #### 17", 17)).hasMessageContaining("difficulty");
    assertThatThrownBy(() -> problem(0, 4, " 12+5=17 #### 17", 17)).hasMessageContaining("difficulty");
    assertThatThrownBy(() -> problem(0, 2, " 12+5=17 #### 18", 17)).hasMessageContaining("must end with '#### 17'");
    assertThatThrownBy(() -> problem(0, 2, " ", 17)).hasMessageContaining("solution must not be blank");
    assertThatThrownBy(() -> new Problem(0, 1, "", 1, "#### 1", "k")).hasMessageContaining("prompt");
    assertThatThrownBy(() -> new Problem(0, 1, "p", 1, "#### 1", null)).hasMessageContaining("key");
  }
}
