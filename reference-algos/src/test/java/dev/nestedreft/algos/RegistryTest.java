package dev.nestedreft.algos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.model.ModelSpec;
import org.junit.jupiter.api.Test;

/** Every factory and preset is found through {@link java.util.ServiceLoader} under its contract name. */
class RegistryTest {
  private static final ClassLoader LOADER = RegistryTest.class.getClassLoader();

  private final Providers<OffPolicyCorrectionFactory> corrections = Providers.load(OffPolicyCorrectionFactory.class,
      LOADER, "correction", OffPolicyCorrectionFactory::name, f -> true);
  private final Providers<BehaviorPolicyFactory> behaviors = Providers.load(BehaviorPolicyFactory.class, LOADER,
      "behavior policy", BehaviorPolicyFactory::name, f -> true);
  private final Providers<AdvantageEstimatorFactory> advantages = Providers.load(AdvantageEstimatorFactory.class,
      LOADER, "advantage estimator", AdvantageEstimatorFactory::name, f -> true);
  private final Providers<AlgorithmPreset> presets = Providers.load(AlgorithmPreset.class, LOADER, "preset",
      AlgorithmPreset::name, p -> true);

  @Test
  void everyCorrectionByName() {
    assertThat(corrections.all().keySet()).containsExactlyInAnyOrder("none", "is", "token-is", "tis", "retrace",
        "ppo-clip", "seq-tis", "geo-mean", "mask");
    corrections.all().forEach((name, factory) -> {
      assertThat(factory.description()).as(name).isNotBlank();
      assertThat(factory.create(Params.none("correction '" + name + "'")).name())
          .isEqualTo(name);
    });
  }

  @Test
  void everyBehaviorPolicyByName() {
    assertThat(behaviors.all().keySet()).containsExactlyInAnyOrder("full", "random-skip", "fixed", "early-exit",
        "block");
    behaviors.all().forEach((name, factory) -> assertThat(factory.description()).as(name).isNotBlank());
  }

  @Test
  void everyAdvantageEstimatorByName() {
    assertThat(advantages.all().keySet()).containsExactlyInAnyOrder("grpo", "dr-grpo", "rloo", "batch-norm");
    advantages.all().forEach((name, factory) -> {
      assertThat(factory.description()).as(name).isNotBlank();
      assertThat(factory.create(Params.none("advantage '" + name + "'")).name())
          .isEqualTo(name);
    });
  }

  @Test
  void everyPresetByNameAndItsComponentsAreRegistered() {
    assertThat(presets.all().keySet()).containsExactlyInAnyOrder("reft", "nested-reft", "dr-grpo", "rloo", "dapo",
        "gspo");
    ModelSpec spec = ModelSpec.builder().vocabSize(16).hiddenSize(8).intermediateSize(16).numHiddenLayers(8)
        .numAttentionHeads(2).build();
    presets.all().forEach((name, preset) -> {
      assertThat(preset.description()).as(name).hasSizeGreaterThan(100);
      Algorithm algorithm = preset.algorithm();
      PlanDraw draw = behaviors.select(algorithm.behavior()).create(algorithm.behaviorParams(), 7).draw(0, spec);
      assertThat(draw.policy()).isEqualTo(algorithm.behavior());
      assertThat(corrections.select(algorithm.correction()).create(algorithm.correctionParams()).name())
          .isEqualTo(algorithm.correction());
      assertThat(advantages.select(algorithm.advantage()).create(algorithm.advantageParams()).name())
          .isEqualTo(algorithm.advantage());
      assertThat(algorithm.aggregation()).isNotNull();
      assertThat(algorithm.klEstimator()).isNotNull();
    });
  }
}
