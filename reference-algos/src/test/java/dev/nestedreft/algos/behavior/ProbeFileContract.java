package dev.nestedreft.algos.behavior;

import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.model.ModelPresets;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.tck.algo.BehaviorPolicyContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tck's contract for a policy created with {@code fraction=0.25,probe=FILE}, the file holding the contract's
 * synthetic costs of the 8-layer {@code tiny} model: a probe is for one depth, so the draws are checked on that
 * model only. {@code BehaviorPolicyContractTest} runs the same contract without a probe, on every depth.
 */
abstract class ProbeFileContract extends BehaviorPolicyContract {
  @TempDir
  static Path dir;

  /** The factory of the policy under test. */
  abstract BehaviorPolicyFactory factory();

  @Override
  protected BehaviorPolicy policy(long seed) {
    Path file = Specs.write(dir, "contract.json", layerCosts(ModelPresets.get("tiny")));
    return Specs.create(factory(), "fraction=0.25,probe=" + file, seed);
  }

  @Override
  protected List<ModelSpec> specs() {
    return List.of(ModelPresets.get("tiny"));
  }
}
