package dev.nestedreft.spi.algo;

import java.util.function.Function;

/**
 * An {@link OffPolicyCorrectionFactory} made of a {@link ComponentSpec} and a constructor function; a subclass is
 * its public no-argument constructor, for instance
 * {@code super(ComponentSpec.of("tis", "...", CAP), params -> new TruncatedIs(CAP.read(params)))}.
 */
public abstract class DeclaredCorrectionFactory extends DeclaredFactory<OffPolicyCorrection>
    implements OffPolicyCorrectionFactory {
  protected DeclaredCorrectionFactory(ComponentSpec spec, Function<Params, ? extends OffPolicyCorrection> build) {
    super(spec, build);
  }

  @Override
  public final OffPolicyCorrection create(Params params) {
    return build(params);
  }
}
