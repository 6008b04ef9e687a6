package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a named component (a correction, a behavior policy, an advantage estimator, a reward) declares about
 * itself: the name it is registered under, the line that describes it in listings, and the names of the parameters
 * it accepts. The {@code Declared*Factory} classes are built from one.
 *
 * @param name the registered name, such as {@code "tis"}
 * @param description one line for listings
 * @param parameters every parameter name the component accepts, without repeats
 */
public record ComponentSpec(String name, String description, ImmutableList<String> parameters) {
  public ComponentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    checkArgument(!name.isBlank(), "a component needs a name");
    parameters = ImmutableList.copyOf(parameters);
    Set<String> seen = new HashSet<>();
    for (String parameter : parameters) {
      checkArgument(seen.add(parameter), "component '%s' declares parameter '%s' twice", name, parameter);
    }
  }

  /** A spec whose parameters are those {@code params} declare, in order. */
  public static ComponentSpec of(String name, String description, ParamSpec... params) {
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (ParamSpec param : params) {
      names.addAll(param.names());
    }
    return new ComponentSpec(name, description, names.build());
  }

  /**
   * Refuses a parameter the spec does not declare ({@link Params#allowOnly}).
   *
   * @return {@code params}
   * @throws dev.nestedreft.spi.InvalidInputException naming the unknown parameter and listing the declared ones
   */
  public Params check(Params params) {
    return params.allowOnly(parameters.toArray(new String[0]));
  }
}
