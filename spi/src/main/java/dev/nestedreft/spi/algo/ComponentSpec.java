package dev.nestedreft.spi.algo;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a named component (a correction, a behavior policy, an advantage estimator, a reward) declares about
 * itself: the name it is registered under, the line that describes it in listings, and the parameters it accepts
 * (names, defaults and checks, for listings). The {@code Declared*Factory} classes are built from one.
 *
 * @param name the registered name, such as {@code "tis"}
 * @param description one line for listings
 * @param parameterInfo every parameter the component accepts, without repeated names
 */
public record ComponentSpec(String name, String description, ImmutableList<ParamInfo> parameterInfo) {
  public ComponentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    checkArgument(!name.isBlank(), "a component needs a name");
    parameterInfo = ImmutableList.copyOf(parameterInfo);
    Set<String> seen = new HashSet<>();
    for (ParamInfo parameter : parameterInfo) {
      checkArgument(seen.add(parameter.name()), "component '%s' declares parameter '%s' twice", name,
          parameter.name());
    }
  }

  /** A spec whose parameters are those {@code params} declare, in order. */
  public static ComponentSpec of(String name, String description, ParamSpec... params) {
    ImmutableList.Builder<ParamInfo> info = ImmutableList.builder();
    for (ParamSpec param : params) {
      info.addAll(param.info());
    }
    return new ComponentSpec(name, description, info.build());
  }

  /** Every parameter name the component accepts, in declaration order. */
  public ImmutableList<String> parameters() {
    return parameterInfo.stream().map(ParamInfo::name).collect(ImmutableList.toImmutableList());
  }

  /**
   * Refuses a parameter the spec does not declare ({@link Params#allowOnly}).
   *
   * @return {@code params}
   * @throws dev.nestedreft.spi.InvalidInputException naming the unknown parameter and listing the declared ones
   */
  public Params check(Params params) {
    return params.allowOnly(parameters().toArray(new String[0]));
  }
}
