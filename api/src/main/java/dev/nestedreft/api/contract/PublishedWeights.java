package dev.nestedreft.api.contract;

/**
 * The learner's weights as published to rollout workers ({@link LearnerService#publishWeights()}): an opaque handle
 * that the workers of the same placement load without the bytes passing through the caller. Closing it releases
 * it; workers that loaded it keep their copy.
 */
public interface PublishedWeights extends AutoCloseable {
  @Override
  void close();
}
