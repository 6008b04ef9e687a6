package dev.nestedreft.spi.algo;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The shared half of the declared factories ({@link DeclaredCorrectionFactory}, {@link DeclaredBehaviorPolicyFactory},
 * {@link DeclaredAdvantageEstimatorFactory}, {@link DeclaredRewardFnFactory}): a {@link ComponentSpec} that gives the
 * name, the description and the accepted parameters, and a function that builds the component from parameters
 * whose names have been checked against the spec. Subclasses have a public no-argument constructor, as
 * {@link java.util.ServiceLoader} requires, that passes both to {@code super}.
 *
 * <p>Stateless and thread-safe when the function is.
 *
 * @param <T> what the function builds
 */
public abstract class DeclaredFactory<T> {
  private final ComponentSpec spec;
  private final Function<Params, ? extends T> build;

  protected DeclaredFactory(ComponentSpec spec, Function<Params, ? extends T> build) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.build = Objects.requireNonNull(build, "build");
  }

  public final ComponentSpec spec() {
    return spec;
  }

  public final String name() {
    return spec.name();
  }

  public final String description() {
    return spec.description();
  }

  /** The parameters the spec declares, with their defaults, for listings. */
  public final List<ParamInfo> parameters() {
    return spec.parameterInfo();
  }

  /** Checks the parameter names against the spec, then builds. */
  protected final T build(Params params) {
    return build.apply(spec.check(params));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + spec.name() + "]";
  }
}
