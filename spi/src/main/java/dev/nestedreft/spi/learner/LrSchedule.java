package dev.nestedreft.spi.learner;

import dev.nestedreft.spi.InvalidInputException;

/** Learning-rate schedules: constant, or linear warm-up followed by cosine decay. */
public enum LrSchedule {
  CONSTANT("constant"),
  WARMUP_COSINE("warmup-cosine");

  private final String wire;

  LrSchedule(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static LrSchedule parse(String text) {
    for (LrSchedule s : values()) {
      if (s.wire.equals(text)) {
        return s;
      }
    }
    throw InvalidInputException.of("unknown lr schedule '%s'; expected constant or warmup-cosine", text);
  }
}
