package dev.nestedreft.spi.algo;

/** Creates reward functions by name; registered in {@code META-INF/services}. */
public interface RewardFnFactory {
  String name();

  String description();

  RewardFn create(Params params);
}
