package dev.nestedreft.algos.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import org.junit.jupiter.api.Test;

class CorrectionParamsTest {
  private static void rejects(OffPolicyCorrectionFactory factory, String params, String... fragments) {
    assertThatThrownBy(() -> Fixtures.create(factory, params)).as("%s with %s", factory.name(), params)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("correction '" + factory.name() + "'")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void parameterFreeCorrectionsRefuseParameters() {
    rejects(new NoCorrectionFactory(), "c=2", "unknown parameter 'c'", "allowed: none");
    rejects(new SequenceIsFactory(), "c=2", "unknown parameter 'c'");
    rejects(new TokenIsFactory(), "lambda=1", "unknown parameter 'lambda'");
  }

  @Test
  void truncationCaps() {
    rejects(new TruncatedIsFactory(), "c=0", "parameter 'c' must be > 0", "got '0'");
    rejects(new TruncatedIsFactory(), "c=-1", "parameter 'c' must be > 0");
    rejects(new TruncatedIsFactory(), "c=two", "parameter 'c' must be a finite number");
    rejects(new TruncatedIsFactory(), "cap=2", "unknown parameter 'cap'", "allowed: c");
    rejects(new SequenceTruncatedIsFactory(), "c=0", "parameter 'c' must be > 0");
    assertThatCode(() -> Fixtures.create(new TruncatedIsFactory(), "c=0.5")).doesNotThrowAnyException();
  }

  @Test
  void retraceLambda() {
    rejects(new RetraceFactory(), "lambda=0", "parameter 'lambda' must be in (0, 1]");
    rejects(new RetraceFactory(), "lambda=1.5", "parameter 'lambda' must be in (0, 1]", "got '1.5'");
    assertThatCode(() -> Fixtures.create(new RetraceFactory(), "lambda=1")).doesNotThrowAnyException();
  }

  @Test
  void ppoClipBounds() {
    rejects(new PpoClipFactory(), "eps_low=1", "parameter 'eps_low' must be in [0, 1)");
    rejects(new PpoClipFactory(), "eps_low=-0.1", "parameter 'eps_low'");
    rejects(new PpoClipFactory(), "eps_high=-0.1", "parameter 'eps_high' must be >= 0");
    rejects(new PpoClipFactory(), "dual_clip=1", "parameter 'dual_clip' must be > 1");
    rejects(new PpoClipFactory(), "dual_clip=off", "parameter 'dual_clip' must be a finite number");
    rejects(new PpoClipFactory(), "eps=0.2", "unknown parameter 'eps'", "allowed: dual_clip, eps_high, eps_low");
  }

  @Test
  void geometricMeanBounds() {
    rejects(new GeometricMeanClipFactory(), "eps_low=1", "parameter 'eps_low' must be in [0, 1)");
    rejects(new GeometricMeanClipFactory(), "eps_high=-1", "parameter 'eps_high' must be >= 0");
    rejects(new GeometricMeanClipFactory(), "dual_clip=3", "unknown parameter 'dual_clip'");
  }

  @Test
  void maskBand() {
    rejects(new RatioMaskFactory(), "level=tokens", "parameter 'level' must be token or sequence", "got 'tokens'");
    rejects(new RatioMaskFactory(), "lo=-0.1", "parameter 'lo' must be >= 0");
    rejects(new RatioMaskFactory(), "lo=2,hi=2", "parameter 'hi' must be > lo");
    rejects(new RatioMaskFactory(), "hi=0.4", "parameter 'hi' must be > lo (0.5)");
  }

  @Test
  void namesAreTheContract() {
    assertThat(Fixtures.create(new PpoClipFactory(), "").name()).isEqualTo("ppo-clip");
    assertThat(Fixtures.create(new SequenceTruncatedIsFactory(), "").name()).isEqualTo("seq-tis");
    assertThat(Fixtures.create(new GeometricMeanClipFactory(), "").name()).isEqualTo("geo-mean");
    assertThat(Fixtures.create(new RatioMaskFactory(), "").name()).isEqualTo("mask");
    assertThat(Fixtures.create(new RetraceFactory(), "").name()).isEqualTo("retrace");
    assertThat(Fixtures.create(new TruncatedIsFactory(), "").name()).isEqualTo("tis");
    assertThat(Fixtures.create(new TokenIsFactory(), "").name()).isEqualTo("token-is");
    assertThat(Fixtures.create(new SequenceIsFactory(), "").name()).isEqualTo("is");
  }
}
