package dev.nestedreft.algos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.AdvantageEstimatorFactory;
import dev.nestedreft.spi.algo.Algorithm;
import dev.nestedreft.spi.algo.AlgorithmPreset;
import dev.nestedreft.spi.algo.BehaviorPolicyFactory;
import dev.nestedreft.spi.algo.DeclaredFactory;
import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.Params;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.RewardFnFactory;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
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
  private final Providers<RewardFnFactory> rewards = Providers.load(RewardFnFactory.class, LOADER, "reward",
      RewardFnFactory::name, f -> true);
  private final Providers<AlgorithmPreset> presets = Providers.load(AlgorithmPreset.class, LOADER, "preset",
      AlgorithmPreset::name, p -> true);

  /**
   * The names found, a description for each, and {@code check} of each factory: creating with no parameters names
   * the component after its factory, say.
   */
  private static <F> void assertRegistered(Providers<F> providers, Function<F, String> description,
      BiConsumer<String, F> check, String... names) {
    assertThat(providers.all().keySet()).containsExactlyInAnyOrder(names);
    providers.all().forEach((name, factory) -> {
      assertThat(description.apply(factory)).as(name).isNotBlank();
      check.accept(name, factory);
    });
  }

  @Test
  void everyCorrectionByName() {
    assertRegistered(corrections, OffPolicyCorrectionFactory::description, (name, factory) ->
        assertThat(factory.create(Params.none("correction '" + name + "'")).name()).isEqualTo(name),
        "none", "is", "token-is", "tis", "retrace", "ppo-clip", "seq-tis", "geo-mean", "mask");
  }

  @Test
  void everyBehaviorPolicyByName() {
    assertRegistered(behaviors, BehaviorPolicyFactory::description, (name, factory) -> {},
        "full", "random-skip", "fixed", "early-exit", "block", "probed", "adaptive");
  }

  @Test
  void everyAdvantageEstimatorByName() {
    assertRegistered(advantages, AdvantageEstimatorFactory::description, (name, factory) ->
        assertThat(factory.create(Params.none("advantage '" + name + "'")).name()).isEqualTo(name),
        "grpo", "dr-grpo", "rloo", "batch-norm");
  }

  /**
   * The contract of a declared factory: creating with an unknown parameter is refused with a message that lists
   * exactly the parameters its spec declares.
   */
  @Test
  void everyDeclaredFactoryRefusesWhatItsSpecDoesNotDeclare() {
    corrections.all().values().forEach(f -> assertRefusesUndeclared(f, f::create));
    behaviors.all().values().forEach(f -> assertRefusesUndeclared(f, params -> f.create(params, 0)));
    advantages.all().values().forEach(f -> assertRefusesUndeclared(f, f::create));
    rewards.all().values().forEach(f -> assertRefusesUndeclared(f, f::create));
    assertThat(rewards.all().keySet()).containsExactlyInAnyOrder("math-answer", "format");
  }

  private static void assertRefusesUndeclared(Object registered, Consumer<Params> create) {
    assertThat(registered).isInstanceOf(DeclaredFactory.class);
    DeclaredFactory<?> factory = (DeclaredFactory<?>) registered;
    List<String> declared = factory.spec().parameters();
    String allowed = declared.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declared));
    assertThatThrownBy(() -> create.accept(Params.parse("component '" + factory.name() + "'", "no_such=1")))
        .as(factory.name()).isInstanceOf(InvalidInputException.class)
        .hasMessage("component '%s': unknown parameter 'no_such'; allowed: %s", factory.name(), allowed);
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
