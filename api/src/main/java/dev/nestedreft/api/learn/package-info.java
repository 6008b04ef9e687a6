/** Learning: the algorithm registry and the policy-gradient step that ties rollouts, corrections and the learner. */
package dev.nestedreft.api.learn;
