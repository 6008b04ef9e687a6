/**
 * Algorithm contracts, found by name through {@link java.util.ServiceLoader}: behavior policies (which layers the
 * rollouts run), off-policy corrections (importance weights and their truncated, clipped and masked variants),
 * reward functions, advantage estimators, and loss aggregation.
 *
 * <p>A component is one small class: a {@code Declared*Factory} subclass whose constructor passes a
 * {@link dev.nestedreft.spi.algo.ComponentSpec} (name, description, declared parameters such as a
 * {@link dev.nestedreft.spi.algo.DoubleParam} with its default and check) and a function from the checked
 * {@link dev.nestedreft.spi.algo.Params} to the component; a preset is a
 * {@link dev.nestedreft.spi.algo.DeclaredPreset} over {@link dev.nestedreft.spi.algo.Algorithm#builder()}.
 */
package dev.nestedreft.spi.algo;
