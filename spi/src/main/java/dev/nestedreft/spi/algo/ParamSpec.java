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

  /** A declaration of bare names, for parameters that a component reads itself. */
  static ParamSpec of(String... names) {
    List<String> copy = List.of(names);
    return () -> copy;
  }
}
