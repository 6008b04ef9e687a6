package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorrectionParamsTest {
  /** Each row: a correction, parameters it refuses, and the fragments its message holds besides its owner. */
  @ParameterizedTest(name = "{0} refuses {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # Parameter-free corrections refuse parameters.
      none     | c=2            | unknown parameter 'c'                       | allowed: none
      is       | c=2            | unknown parameter 'c'                       |
      token-is | lambda=1       | unknown parameter 'lambda'                  |
      # Truncation caps.
      tis      | c=0            | parameter 'c' must be > 0                   | got '0'
      tis      | c=-1           | parameter 'c' must be > 0                   |
      tis      | c=two          | parameter 'c' must be a finite number       |
      tis      | cap=2          | unknown parameter 'cap'                     | allowed: c
      seq-tis  | c=0            | parameter 'c' must be > 0                   |
      # Retrace's lambda.
      retrace  | lambda=0       | parameter 'lambda' must be in (0, 1]        |
      retrace  | lambda=1.5     | parameter 'lambda' must be in (0, 1]        | got '1.5'
      # PPO's clip bounds.
      ppo-clip | eps_low=1      | parameter 'eps_low' must be in [0, 1)       |
      ppo-clip | eps_low=-0.1   | parameter 'eps_low'                         |
      ppo-clip | eps_high=-0.1  | parameter 'eps_high' must be >= 0           |
      ppo-clip | dual_clip=1    | parameter 'dual_clip' must be > 1           |
      ppo-clip | dual_clip=off  | parameter 'dual_clip' must be a finite number |
      ppo-clip | eps=0.2        | unknown parameter 'eps'                     | allowed: dual_clip, eps_high, eps_low
      # GSPO's bounds.
      geo-mean | eps_low=1      | parameter 'eps_low' must be in [0, 1)       |
      geo-mean | eps_high=-1    | parameter 'eps_high' must be >= 0           |
      geo-mean | dual_clip=3    | unknown parameter 'dual_clip'               |
      # The mask's band.
      mask     | level=tokens   | parameter 'level' must be token or sequence | got 'tokens'
      mask     | lo=-0.1        | parameter 'lo' must be >= 0                 |
      mask     | lo=2,hi=2      | parameter 'hi' must be > lo                 |
      mask     | hi=0.4         | parameter 'hi' must be > lo (0.5)           |
      """)
  void refuses(String correction, String params, String fragment, String another) {
    assertThatThrownBy(() -> Fixtures.create(correction, params)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("correction '" + correction + "'")
        .hasMessageContaining(fragment)
        .hasMessageContaining(Objects.requireNonNullElse(another, ""));
  }

  @ParameterizedTest(name = "{0} accepts {1}")
  @CsvSource(delimiter = '|', textBlock = """
      tis     | c=0.5
      retrace | lambda=1
      """)
  void accepts(String correction, String params) {
    assertThatCode(() -> Fixtures.create(correction, params)).doesNotThrowAnyException();
  }

  @Test
  void namesAreTheContract() {
    assertThat(Fixtures.FACTORIES.stream().map(f -> Fixtures.create(f, "").name())).containsExactly("none", "is",
        "token-is", "tis", "retrace", "ppo-clip", "seq-tis", "geo-mean", "mask");
    assertThat(Fixtures.FACTORIES).extracting(f -> f.getClass().getSimpleName()).containsExactly(
        "NoCorrectionFactory", "SequenceIsFactory", "TokenIsFactory", "TruncatedIsFactory", "RetraceFactory",
        "PpoClipFactory", "SequenceTruncatedIsFactory", "GeometricMeanClipFactory", "RatioMaskFactory");
  }
}
