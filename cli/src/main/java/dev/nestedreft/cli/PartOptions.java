package dev.nestedreft.cli;

import dev.nestedreft.api.train.TrainConfig;
import picocli.CommandLine.Option;

/**
 * The parts of a run chosen by name on the command line, each overriding the config's field of the same name
 * ({@code name[:key=value,...]}; {@code nested-reft plugins} lists what is installed).
 */
final class PartOptions {
  @Option(names = "--reward", description = "The reward (config field reward; default math-answer).")
  String reward;

  @Option(names = "--behavior", description = "The behavior policy, e.g. random-skip:fraction=0.25 (config field "
      + "behavior; default: the algorithm preset's).")
  String behavior;

  @Option(names = "--correction", description = "The off-policy correction, e.g. tis:c=2 (config field "
      + "correction; default: the algorithm preset's).")
  String correction;

  @Option(names = "--advantage", description = "The advantage estimator, e.g. rloo (config field advantage; "
      + "default: the algorithm preset's).")
  String advantage;

  @Option(names = "--learner-backend", description = "The learner backend (default: the best available).")
  String learnerBackend;

  @Option(names = "--rollout-backend", description = "The rollout backend (default: the best available).")
  String rolloutBackend;

  /** {@code config} with every part given here; the run checks the names before any work. */
  TrainConfig apply(TrainConfig config) {
    TrainConfig.Builder b = config.toBuilder();
    if (reward != null) {
      b.reward(reward);
    }
    if (behavior != null) {
      b.behavior(behavior).skipFraction(null);
    }
    if (correction != null) {
      b.correction(correction);
    }
    if (advantage != null) {
      b.advantage(advantage);
    }
    if (learnerBackend != null) {
      b.learnerBackend(learnerBackend);
    }
    if (rolloutBackend != null) {
      b.rolloutBackend(rolloutBackend);
    }
    return b.build();
  }
}
