package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;
import java.util.function.DoublePredicate;

/**
 * A declared number parameter: its name, its default, and the check its value must pass, with the words that say
 * what was expected ({@code "must be > 0"}). {@link #read} parses the value with {@link Params#getDouble} and checks
 * it with {@link Params#require}, so its messages are those of {@link Params}.
 *
 * <p>Immutable and thread-safe when the check is.
 */
public final class DoubleParam implements ParamSpec {
  private final String name;
  private final double fallback;
  private final boolean optional;
  private final DoublePredicate check;
  private final String expectation;

  private DoubleParam(String name, double fallback, boolean optional, DoublePredicate check, String expectation) {
    checkArgument(!name.isBlank(), "a parameter needs a name");
    this.name = name;
    this.fallback = fallback;
    this.optional = optional;
    this.check = Objects.requireNonNull(check, "check");
    this.expectation = Objects.requireNonNull(expectation, "expectation");
  }

  /** A parameter that defaults to {@code fallback} and accepts any finite number until {@link #where} says more. */
  public static DoubleParam of(String name, double fallback) {
    return new DoubleParam(name, fallback, false, v -> true, "");
  }

  /**
   * A parameter that is off unless given: {@link #read} returns {@link Double#NaN} when it is absent (a given
   * value is never NaN, since {@link Params#getDouble} refuses non-finite numbers) and checks only a given value.
   */
  public static DoubleParam optional(String name) {
    return new DoubleParam(name, Double.NaN, true, v -> true, "");
  }

  /**
   * This parameter with the check {@code check}, replacing any earlier one.
   *
   * @param expectation what a failed check says after the parameter's name, such as {@code "must be in [0, 1)"}
   */
  public DoubleParam where(DoublePredicate check, String expectation) {
    return new DoubleParam(name, fallback, optional, check, expectation);
  }

  /** This parameter, required to be {@code > 0}. */
  public DoubleParam positive() {
    return where(v -> v > 0, "must be > 0");
  }

  /** This parameter, required to be {@code >= 0}. */
  public DoubleParam nonNegative() {
    return where(v -> v >= 0, "must be >= 0");
  }

  public String name() {
    return name;
  }

  /** The default; {@link Double#NaN} for an {@linkplain #optional optional} parameter. */
  public double fallback() {
    return fallback;
  }

  @Override
  public List<String> names() {
    return List.of(name);
  }

  /** The name, the default (none for an optional parameter) and the check's words. */
  @Override
  public List<ParamInfo> info() {
    String description = optional ? (expectation.isEmpty() ? "off unless given" : "off unless given; " + expectation)
        : expectation;
    return List.of(ParamInfo.of(name, optional ? null : ParamInfo.format(fallback), description));
  }

  /**
   * The value in {@code params}, or the default when absent.
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming the owner and the parameter, for a value that is not
   *     a finite number or fails the check
   */
  public double read(Params params) {
    if (optional && !params.values().containsKey(name)) {
      return Double.NaN;
    }
    double value = params.getDouble(name, fallback);
    params.require(check.test(value), name, expectation);
    return value;
  }

  @Override
  public String toString() {
    return name + (optional ? " (optional)" : "=" + fallback);
  }
}
