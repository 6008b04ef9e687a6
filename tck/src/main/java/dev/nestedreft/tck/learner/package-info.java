/**
 * The contract of a learner, {@link dev.nestedreft.tck.learner.LearnerBackendContract}: a test class extends it and
 * returns the {@link dev.nestedreft.spi.learner.LearnerBackendProvider} under test; log-probs and the loss are
 * compared with what {@link dev.nestedreft.tck.reference.ReferenceForwardBackend}'s logits give, and the gradient
 * with central finite differences of the learner's own loss.
 */
package dev.nestedreft.tck.learner;
