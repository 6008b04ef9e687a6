/**
 * Reference algorithms: behavior policies, off-policy corrections, advantage estimators and reward functions
 * behind the SPI. Empty until the learning issue lands; the module exists so that the reactor has its final shape
 * and the api already depends on it.
 */
package dev.nestedreft.algos;
