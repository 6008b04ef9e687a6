/** The cross-backend parity check used by the demo and the tests. */
package dev.nestedreft.api.parity;
