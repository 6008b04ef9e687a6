package dev.nestedreft.api.plugin;

/** The kinds of provider a plug-in can add, in the order listings show them. */
public enum ProviderKind {
  FORWARD_BACKEND("forward-backend", "forward backends"),
  ROLLOUT_BACKEND("rollout-backend", "rollout backends"),
  LEARNER_BACKEND("learner-backend", "learner backends"),
  EXPORTER("exporter", "exporters"),
  SCALAR_WRITER("scalar-writer", "scalar writers"),
  CORRECTION("correction", "corrections"),
  REWARD("reward", "rewards"),
  BEHAVIOR_POLICY("behavior-policy", "behavior policies"),
  ADVANTAGE_ESTIMATOR("advantage-estimator", "advantage estimators"),
  ALGORITHM_PRESET("algorithm-preset", "algorithm presets");

  private final String id;
  private final String title;

  ProviderKind(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The kind as JSON listings write it, such as {@code forward-backend}. */
  public String id() {
    return id;
  }

  /** The plural heading of a listing, such as {@code forward backends}. */
  public String title() {
    return title;
  }
}
