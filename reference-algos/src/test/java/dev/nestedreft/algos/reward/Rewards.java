package dev.nestedreft.algos.reward;

import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardFnFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Test helper: the reward factories that {@link ServiceLoader} finds, by name. */
final class Rewards {
  private Rewards() {}

  static Map<String, RewardFnFactory> factories() {
    Map<String, RewardFnFactory> out = new TreeMap<>();
    for (RewardFnFactory f : ServiceLoader.load(RewardFnFactory.class)) {
      out.put(f.name(), f);
    }
    return out;
  }

  /** The reward of a name with default parameters, or {@code null} for an unknown name. */
  static RewardFn byName(String name) {
    RewardFnFactory f = factories().get(name);
    return f == null ? null : f.create(Params.none("reward '" + name + "'"));
  }
}
