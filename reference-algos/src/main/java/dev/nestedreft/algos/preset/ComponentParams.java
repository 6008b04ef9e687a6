package dev.nestedreft.algos.preset;

import dev.nestedreft.spi.algo.Params;

/** The parameters of a preset's component, owned as {@code "<kind> '<name>'"} for error messages. */
final class ComponentParams {
  private ComponentParams() {}

  /**
   * @param kind {@code behavior}, {@code correction} or {@code advantage}
   * @param text {@code key=value,...}, or empty
   */
  static Params of(String kind, String name, String text) {
    return Params.parse(kind + " '" + name + "'", text);
  }
}
