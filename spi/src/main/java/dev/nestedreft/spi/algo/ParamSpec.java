package dev.nestedreft.spi.algo;

import java.util.List;

/**
 * A declaration of the parameters a component reads, for its {@link ComponentSpec}: one name for a plain parameter
 * ({@link DoubleParam}, {@link ChoiceParam}), several for a group read together (such as {@code k} and
 * {@code fraction}, of which a behavior policy takes exactly one).
 */
@FunctionalInterface
public interface ParamSpec {
  /** The parameter names this declaration reads. */
  List<String> names();

  /**
   * What a listing shows of each parameter, in the order of {@link #names()}. By default the bare names; the
   * declarations that know a default and a check ({@link DoubleParam}, {@link ChoiceParam}) say them.
   */
  default List<ParamInfo> info() {
    return names().stream().map(ParamInfo::of).toList();
  }

  /** A declaration of bare names, for parameters that a component reads itself. */
  static ParamSpec of(String... names) {
    List<String> copy = List.of(names);
    return () -> copy;
  }

  /**
   * A declaration of parameters that a component reads itself, with what a listing shows of each: for instance
   * {@code ParamSpec.described(ParamInfo.of("protect_ends", "true", "keep the first and last layers"))}.
   */
  static ParamSpec described(ParamInfo... params) {
    List<ParamInfo> copy = List.of(params);
    List<String> names = copy.stream().map(ParamInfo::name).toList();
    return new ParamSpec() {
      @Override
      public List<String> names() {
        return names;
      }

      @Override
      public List<ParamInfo> info() {
        return copy;
      }
    };
  }
}
