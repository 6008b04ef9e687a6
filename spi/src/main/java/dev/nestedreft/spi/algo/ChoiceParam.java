package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declared parameter that takes one of a few spellings, each standing for a value (an enum constant, say).
 * {@link #read} reads it with {@link Params#getString} and refuses another spelling through {@link Params#require}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value a spelling stands for
 */
public final class ChoiceParam<T> implements ParamSpec {
  private final String name;
  private final String fallback;
  private final ImmutableMap<String, T> choices;
  private final String expectation;

  private ChoiceParam(String name, String fallback, ImmutableMap<String, T> choices, String expectation) {
    checkArgument(choices.containsKey(fallback), "parameter '%s': the default '%s' is not one of %s", name, fallback,
        choices.keySet());
    this.name = name;
    this.fallback = fallback;
    this.choices = choices;
    this.expectation = Objects.requireNonNull(expectation, "expectation");
  }

  /**
   * @param fallback the spelling used when the parameter is absent; one of {@code choices}
   * @param choices every spelling and what it stands for
   * @param expectation what a wrong spelling's message says after the parameter's name, such as
   *     {@code "must be token or sequence"}
   */
  public static <T> ChoiceParam<T> of(String name, String fallback, Map<String, T> choices, String expectation) {
    return new ChoiceParam<>(name, fallback, ImmutableMap.copyOf(choices), expectation);
  }

  public String name() {
    return name;
  }

  @Override
  public List<String> names() {
    return List.of(name);
  }

  /** The name, the default spelling and the words that list the spellings. */
  @Override
  public List<ParamInfo> info() {
    return List.of(ParamInfo.of(name, fallback, expectation));
  }

  /**
   * What the spelling in {@code params} stands for, or the default's when absent.
   *
   * @throws dev.nestedreft.spi.InvalidInputException naming the owner and the parameter, for another spelling
   */
  public T read(Params params) {
    T value = choices.get(params.getString(name, fallback));
    params.require(value != null, name, expectation);
    return value;
  }

  @Override
  public String toString() {
    return name + "=" + fallback + " " + choices.keySet();
  }
}
