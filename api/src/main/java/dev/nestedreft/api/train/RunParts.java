package dev.nestedreft.api.train;

import dev.nestedreft.api.contract.Component;

/**
 * The parts of a run chosen by name from what is installed: the learner and rollout backends, the reward, and the
 * metrics writer (run without one when it is not available).
 *
 * @param learnerBackend such as {@code tf}
 * @param rolloutBackend such as {@code onnx}
 * @param reward such as {@code math-answer}
 * @param scalarWriter such as {@code tensorboard}
 */
public record RunParts(String learnerBackend, String rolloutBackend, Component reward, String scalarWriter) {
  /** TensorFlow learner, ONNX Runtime rollouts, the math-answer reward, TensorBoard events. */
  public static final RunParts DEFAULT = new RunParts("tf", "onnx", Component.parse("reward", "math-answer"),
      "tensorboard");
}
