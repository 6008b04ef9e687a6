/**
 * Algorithm contracts, found by name through {@link java.util.ServiceLoader}: behavior policies (which layers the
 * rollouts run), off-policy corrections (importance weights and their truncated, clipped and masked variants),
 * reward functions, advantage estimators, and loss aggregation.
 */
package dev.nestedreft.spi.algo;
