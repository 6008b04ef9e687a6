package dev.nestedreft.spi.algo;

import java.util.Objects;

/**
 * An {@link AlgorithmPreset} that is a fixed recipe: a subclass is its public no-argument constructor, passing the
 * name, the paragraph that describes it and the {@link Algorithm} (usually from {@link Algorithm#builder()}).
 *
 * <p>Immutable and thread-safe.
 */
public abstract class DeclaredPreset implements AlgorithmPreset {
  private final String name;
  private final String description;
  private final Algorithm algorithm;

  protected DeclaredPreset(String name, String description, Algorithm algorithm) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Algorithm algorithm() {
    return algorithm;
  }

  @Override
  public String toString() {
    return "preset '" + name + "'";
  }
}
