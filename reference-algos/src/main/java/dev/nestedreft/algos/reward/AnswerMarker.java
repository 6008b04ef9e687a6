package dev.nestedreft.algos.reward;

import java.util.Locale;
import java.util.Optional;

/** Which final-answer markers {@link FormatReward} accepts. */
public enum AnswerMarker {
  /** {@code #### <number>}. */
  HASH,
  /** {@code \boxed{...}} with balanced braces and non-blank content. */
  BOXED,
  /** Either. */
  ANY;

  /** The marker spelled {@code hash}, {@code boxed} or {@code any}; empty for anything else. */
  public static Optional<AnswerMarker> parse(String text) {
    for (AnswerMarker m : values()) {
      if (m.spelling().equals(text)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The parameter value: {@code hash}, {@code boxed} or {@code any}. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
