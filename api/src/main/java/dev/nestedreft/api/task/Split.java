package dev.nestedreft.api.task;

/**
 * The two disjoint parts of a generated task: {@link #TRAIN} problems for learning, {@link #TEST} problems for
 * evaluation. Which part a problem belongs to is a function of its canonical key alone (see
 * {@link ArithTask#splitOf(String)}), never of a seed, so no problem can be drawn into both.
 */
public enum Split {
  /** Problems to learn from. */
  TRAIN,
  /**
   * Held-out problems to evaluate on; {@link ArithTrainingTask} divides them into its test set and its validation
   * set.
   */
  TEST
}
