package dev.nestedreft.algos.correction;

import static dev.nestedreft.algos.correction.Fixtures.assertWeights;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The weights of every correction on chosen ratios, one row a case: the correction and its parameters, the token
 * ratios ({@code shared} is {@link Fixtures#shared()}: ρ = (1.5, 0.4, 4.0), ρ_seq = 2.4, and ρ = (0.25, 1.1, 5.0),
 * ρ_seq = 1.375; otherwise sequences are separated by {@code ;}), one advantage per sequence, the expected clipped
 * fraction, and the expected weights (within 1e-5; {@code v*n} is {@code n} times {@code v}). The comment above a
 * row derives it.
 */
class CorrectionWeightsTest {
  @ParameterizedTest(name = "{0} {1} on {2}, A = {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # none: w_t = 1 for all six tokens, whatever ρ_t; nothing clipped.
      none     |                           | shared                  | 2,-1  | 0   | 1*3; 1*3
      # token-is: w_t = ρ_t, unclipped.
      token-is |                           | shared                  | 2,-1  | 0   | 1.5,0.4,4; 0.25,1.1,5
      # is: ρ_seq = 1.5 · 0.4 · 4.0 = 2.4 on each token of sequence 0, 0.25 · 1.1 · 5.0 = 1.375 on sequence 1.
      # The advantages' signs do not matter; nothing is clipped.
      is       |                           | shared                  | 2,-1  | 0   | 2.4*3; 1.375*3
      # is, two-token sequences: ρ = (2, 0.25): ρ_seq = 0.5 for both tokens; ρ = (0.5, 0.5): 0.25.
      is       |                           | 2,0.25; 0.5,0.5         | 1,1   | 0   | 0.5,0.5; 0.25,0.25
      # tis, default cap 2: (1.5, 0.4, min(4, 2) = 2) and (0.25, 1.1, min(5, 2) = 2); clipped 2 of 6 tokens.
      tis      |                           | shared                  | 2,-1  | 2/6 | 1.5,0.4,2; 0.25,1.1,2
      # tis, cap 1: (1, 0.4, 1) and (0.25, 1, 1); clipped: 1.5, 4.0, 1.1, 5.0, 4 of 6.
      tis      | c=1                       | shared                  | 2,-1  | 4/6 | 1,0.4,1; 0.25,1,1
      # seq-tis, c = 2: min(2.4, 2) = 2 on all three tokens of sequence 0 (clipped); min(1.375, 2) = 1.375.
      seq-tis  |                           | shared                  | 2,-1  | 3/6 | 2*3; 1.375*3
      # seq-tis, c = 1.2: min(2.4, 1.2) = 1.2 and min(1.375, 1.2) = 1.2: all 6 tokens clipped.
      seq-tis  | c=1.2                     | shared                  | 1,1   | 1   | 1.2*3; 1.2*3
      # retrace, default λ = 1: 1 · min(1, ρ_t): (1, 0.4, 1) and (0.25, 1, 1); truncated where ρ_t > 1: 4 of 6.
      retrace  |                           | shared                  | 2,-1  | 4/6 | 1,0.4,1; 0.25,1,1
      # retrace, λ = 0.5 scales every token: (0.5, 0.2, 0.5) and (0.125, 0.5, 0.5); λ is not counted as clipping.
      retrace  | lambda=0.5                | shared                  | 2,-1  | 4/6 | 0.5,0.2,0.5; 0.125,0.5,0.5
      # ppo-clip, ε_low = ε_high = 0.2, clipping against the advantage's sign. Sequence 0, A = +2: clipped where
      # ρ_t > 1.2: 1.5 → 0, 0.4 kept (below the band is active for A > 0), 4.0 → 0. Sequence 1, A = −1: clipped
      # where ρ_t < 0.8: 0.25 → 0, 1.1 and 5.0 kept (no dual clip). Zeroed: 3 of 6.
      ppo-clip |                           | shared                  | 2,-1  | 3/6 | 0,0.4,0; 0,1.1,5
      # ppo-clip, flipped advantages clip the other tokens. Sequence 0, A = −2: clipped where ρ_t < 0.8: 0.4 → 0.
      # Sequence 1, A = +1: clipped where ρ_t > 1.2: 5.0 → 0. Zeroed: 2 of 6.
      ppo-clip |                           | shared                  | -2,1  | 2/6 | 1.5,0,4; 0.25,1.1,0
      # ppo-clip, dual_clip = 3: for A = −1 the objective max(min(ρA, clip(ρ)A), 3A) is the constant 3A once
      # ρ > 3, so 5.0 → 0 as well: (0, 1.1, 0). Sequence 0 (A = +2) is unchanged: (0, 0.4, 0). Zeroed: 4 of 6.
      ppo-clip | dual_clip=3               | shared                  | 2,-1  | 4/6 | 0,0.4,0; 0,1.1,0
      # ppo-clip, the dual clip does not touch positive advantages: A = +1, ρ = (0.5, 1.1): neither exceeds
      # 1 + 0.2, and the dual clip applies to A < 0 only.
      ppo-clip | dual_clip=1.05            | 0.5,1.1                 | 1     | 0   | 0.5,1.1
      # ppo-clip, clip-higher (DAPO's ε_low = 0.2, ε_high = 0.28) and a zero advantage. Sequence 0, A = +1,
      # ρ = (1.25, 1.3): 1.25 ≤ 1.28 kept, 1.3 > 1.28 → 0. Sequence 1, A = −1, ρ = (0.79, 0.81): 0.79 < 0.8 → 0.
      # Sequence 2, A = 0, ρ = (9, 0.1): never clipped, w = ρ. Zeroed: 2 of 6.
      ppo-clip | eps_low=0.2,eps_high=0.28 | 1.25,1.3; 0.79,0.81; 9,0.1 | 1,-1,0 | 2/6 | 1.25,0; 0,0.81; 9,0.1
      # ppo-clip, the same with the symmetric default: 1.25 > 1.2 is clipped too, 3 of 6.
      ppo-clip |                           | 1.25,1.3; 0.79,0.81; 9,0.1 | 1,-1,0 | 3/6 | 0,0; 0,0.81; 9,0.1
      # mask, token level, [0.5, 2]: sequence 0: 1.5 kept, 0.4 < 0.5 → 0, 4.0 > 2 → 0; sequence 1: 0.25 → 0,
      # 1.1 kept, 5.0 → 0. Zeroed: 4 of 6.
      mask     |                           | shared                  | 2,-1  | 4/6 | 1.5,0,0; 0,1.1,0
      # mask, token level, [0.2, 4.5]: only 5.0 is outside. Zeroed: 1 of 6.
      mask     | lo=0.2,hi=4.5             | shared                  | 2,-1  | 1/6 | 1.5,0.4,4; 0.25,1.1,0
      # mask, sequence level, [0.5, 2]: ρ_seq = 2.4 > 2 → sequence 0 all 0; ρ_seq = 1.375 kept on every token.
      mask     | level=sequence            | shared                  | 2,-1  | 3/6 | 0*3; 1.375*3
      # mask, the band is inclusive: ρ = 1 exactly (equal log-probs) is kept at lo = 1 and at hi = 1.
      mask     | lo=1,hi=2                 | 1.0,0.9                 | 1     | 1/2 | 1,0
      mask     | lo=0.5,hi=1               | 1.0,1.1                 | 1     | 1/2 | 1,0
      # geo-mean, eps_low = eps_high = 0.5, band [0.5, 1.5]. Sequence 0, A = +2: s = 2.4^(1/3) = 1.338866
      # (1.338866³ = 2.4000) ≤ 1.5, kept on every token. Sequence 1, A = −1: s = 1.375^(1/3) = 1.111990 ≥ 0.5.
      geo-mean | eps_low=0.5,eps_high=0.5  | shared                  | 2,-1  | 0   | 1.338866*3; 1.111990*3
      # geo-mean, GSPO's defaults, band [1 − 3e-4, 1 + 4e-4]. Sequence 0, A = +2: s = 1.338866 > 1.0004 → 0 on all
      # 3 tokens. Sequence 1, A = −1: s = 1.111990 ≥ 0.9997 (the low side is the one active for A < 0) → kept.
      geo-mean |                           | shared                  | 2,-1  | 3/6 | 0*3; 1.111990*3
      # geo-mean, GSPO's defaults near 1. Sequence 0, A = +1, ρ = (1.0002, 1.0004): s = sqrt(1.00060008) = 1.00030
      # ≤ 1.0004 → kept. Sequence 1, A = +1, ρ = (1.001, 1.0): s = sqrt(1.001) = 1.0005 > 1.0004 → 0.
      # Sequence 2, A = −1, ρ = (0.999, 0.9996): s = sqrt(0.9986004) = 0.9993 < 0.9997 → 0.
      # Sequence 3, A = −1, ρ = (0.9999, 0.9999): s = 0.9999 ≥ 0.9997 → kept. Zeroed: 4 of 8 tokens.
      geo-mean | | 1.0002,1.0004; 1.001,1.0; 0.999,0.9996; 0.9999*2 | 1,1,-1,-1 | 4/8 | 1.0003*2; 0*2; 0*2; 0.9999*2
      """)
  void weights(String correction, String params, String ratios, String advantages, String clippedFraction,
      String expected) {
    assertWeights(Fixtures.create(correction, params == null ? "" : params)
            .weights(Fixtures.ratios(ratios), Fixtures.floats(advantages)),
        Fixtures.fraction(clippedFraction), Fixtures.rows(expected));
  }
}
