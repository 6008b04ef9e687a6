package dev.nestedreft.spi.rollout;

import java.util.Optional;

/** Why a completion ended: it sampled a stop token, or it reached {@code max_new_tokens}. */
public enum FinishReason {
  STOP("stop"),
  LENGTH("length");

  private final String wire;

  FinishReason(String wire) {
    this.wire = wire;
  }

  /** The value stored in the {@code finish_reason} column. */
  public String wire() {
    return wire;
  }

  public static Optional<FinishReason> fromWire(String text) {
    for (FinishReason r : values()) {
      if (r.wire.equals(text)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
