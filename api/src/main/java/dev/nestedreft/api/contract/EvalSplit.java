package dev.nestedreft.api.contract;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which held-out problems an evaluation uses: the {@link #TEST} set, on which results are reported, or the
 * {@link #VALIDATION} set, on which hyper-parameters and policy parameters are chosen (see {@link Task}). Configs
 * and the command line spell them {@code test} and {@code validation}.
 */
public enum EvalSplit {
  /** {@link Task#test(int)}: the held-out problems results are reported on. */
  TEST,
  /** {@link Task#validation(int)}: the held-out problems choices are made on, disjoint from the test set. */
  VALIDATION;

  /** {@code test} or {@code validation}, as configs and options spell it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The first {@code count} problems of this split of {@code task}. */
  public List<TaskProblem> problems(Task task, int count) {
    return this == TEST ? task.test(count) : task.validation(count);
  }

  /**
   * The split spelled {@code name} ({@code test} or {@code validation}).
   *
   * @throws InvalidInputException for any other name, listing the choices
   */
  public static EvalSplit fromName(String name) {
    return byName(name).orElseThrow(() -> InvalidInputException.of("expected %s, got '%s'", choices(), name));
  }

  /** The split spelled {@code name}, if there is one. */
  public static Optional<EvalSplit> byName(String name) {
    return Arrays.stream(values()).filter(s -> s.configName().equals(name)).findFirst();
  }

  /** {@code 'test' or 'validation'}: the choices, for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(s -> "'" + s.configName() + "'").collect(Collectors.joining(" or "));
  }
}
