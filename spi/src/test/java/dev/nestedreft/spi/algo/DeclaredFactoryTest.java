package dev.nestedreft.spi.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parameter declarations, the component spec and a declared factory built from them. */
class DeclaredFactoryTest {
  private static final DoubleParam SCALE = DoubleParam.of("scale", 0.5).positive();
  private static final DoubleParam OFFSET = DoubleParam.optional("offset").where(o -> o > 1, "must be > 1");
  private static final ChoiceParam<Boolean> SIGN = ChoiceParam.of("sign", "plus",
      Map.of("plus", true, "minus", false), "must be plus or minus");

  /** A correction with the constant weight {@code ±scale (+ offset)}, as a third party would declare it. */
  public static final class ConstantFactory extends DeclaredCorrectionFactory {
    public ConstantFactory() {
      super(ComponentSpec.of("constant", "w_t = ±scale", SCALE, OFFSET, SIGN), params -> {
        double scale = SCALE.read(params);
        double offset = OFFSET.read(params);
        boolean plus = SIGN.read(params);
        float weight = (float) ((plus ? scale : -scale) + (Double.isNaN(offset) ? 0 : offset));
        return new OffPolicyCorrection() {
          @Override
          public String name() {
            return "constant";
          }

          @Override
          public CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
            return CorrectionWeights.of(List.of(new float[] {weight}), 0);
          }
        };
      });
    }
  }

  private static float weight(String params) {
    OffPolicyCorrection c = new ConstantFactory().create(Params.forComponent("correction", "constant", params));
    return c.weights(SequenceLogprobs.of(List.of(), List.of()), new float[0]).weights().get(0)[0];
  }

  @Test
  void defaultsValuesAndOptionalParameters() {
    assertThat(weight("")).isEqualTo(0.5f);
    assertThat(weight("scale=2,sign=minus")).isEqualTo(-2f);
    assertThat(weight("offset=3")).isEqualTo(3.5f);
    assertThat(SCALE.fallback()).isEqualTo(0.5);
    assertThat(OFFSET.fallback()).isNaN();
    assertThat(OFFSET.read(Params.none("x"))).isNaN();
  }

  @Test
  void theFactoryIsItsSpec() {
    ConstantFactory factory = new ConstantFactory();
    assertThat(factory.name()).isEqualTo("constant");
    assertThat(factory.description()).isEqualTo("w_t = ±scale");
    assertThat(factory.spec().parameters()).containsExactly("scale", "offset", "sign");
    assertThat(factory).hasToString("ConstantFactory[constant]");
  }

  @Test
  void theSpecListsEachParameterWithItsDefaultAndItsCheck() {
    OffPolicyCorrectionFactory factory = new ConstantFactory();
    assertThat(factory.parameters()).extracting(ParamInfo::toString).containsExactly(
        "scale=0.5 (must be > 0)", "offset (off unless given; must be > 1)", "sign=plus (must be plus or minus)");
    assertThat(factory.parameters().get(1).defaultValue()).isEmpty();
    ParamSpec described = ParamSpec.described(ParamInfo.of("k", null, "layers to skip"),
        ParamInfo.of("protect_ends", "true", ""));
    assertThat(described.names()).containsExactly("k", "protect_ends");
    assertThat(ComponentSpec.of("x", "", described, ParamSpec.of("bare")).parameterInfo())
        .extracting(ParamInfo::toString).containsExactly("k (layers to skip)", "protect_ends=true", "bare");
    // A factory that declares nothing lists nothing.
    RewardFnFactory plain = new RewardFnFactory() {
      @Override
      public String name() {
        return "plain";
      }

      @Override
      public String description() {
        return "";
      }

      @Override
      public RewardFn create(Params params) {
        throw new UnsupportedOperationException();
      }
    };
    assertThat(plain.parameters()).isEmpty();
  }

  @Test
  void defaultsAreWrittenAsAUserWouldWriteThem() {
    assertThat(ParamInfo.format(2.0)).isEqualTo("2");
    assertThat(ParamInfo.format(0.25)).isEqualTo("0.25");
    assertThat(ParamInfo.format(3e-4)).isEqualTo("3e-4");
    assertThat(ParamInfo.format(1e-6)).isEqualTo("1e-6");
    assertThat(ParamInfo.format(1.5e7)).isEqualTo("1.5e7");
    assertThat(ParamInfo.format(-0.1)).isEqualTo("-0.1");
    assertThat(Double.parseDouble(ParamInfo.format(0.1 + 0.2))).isEqualTo(0.1 + 0.2);
  }

  @Test
  void messagesAreThoseOfParams() {
    assertThatThrownBy(() -> weight("scale=0")).isInstanceOf(InvalidInputException.class)
        .hasMessage("correction 'constant': parameter 'scale' must be > 0, got '0'");
    assertThatThrownBy(() -> weight("scale=big"))
        .hasMessage("correction 'constant': parameter 'scale' must be a finite number, got 'big'");
    assertThatThrownBy(() -> weight("offset=1"))
        .hasMessage("correction 'constant': parameter 'offset' must be > 1, got '1'");
    assertThatThrownBy(() -> weight("sign=zero"))
        .hasMessage("correction 'constant': parameter 'sign' must be plus or minus, got 'zero'");
    assertThatThrownBy(() -> weight("scal=1"))
        .hasMessage("correction 'constant': unknown parameter 'scal'; allowed: offset, scale, sign");
    assertThatThrownBy(() -> DoubleParam.of("eps", 1e-6).nonNegative().read(Params.parse("advantage 'x'", "eps=-1")))
        .hasMessage("advantage 'x': parameter 'eps' must be >= 0, got '-1'");
  }

  @Test
  void specsRefuseRepeatsAndChoicesTheirUnknownDefault() {
    assertThatThrownBy(() -> ComponentSpec.of("twice", "", SCALE, ParamSpec.of("scale")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("component 'twice' declares parameter 'scale' twice");
    assertThatThrownBy(() -> ChoiceParam.of("level", "both", Map.of("token", 1), "must be token"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the default 'both' is not one of [token]");
    assertThatThrownBy(() -> ComponentSpec.of("none", "").check(Params.parse("correction 'none'", "c=1")))
        .hasMessage("correction 'none': unknown parameter 'c'; allowed: none");
  }

  @Test
  void behaviorFactoriesPassTheSeed() {
    BehaviorPolicyFactory factory = new DeclaredBehaviorPolicyFactory(ComponentSpec.of("seeded", "records its seed"),
        (params, seed) -> new BehaviorPolicy() {
          @Override
          public String name() {
            return "seeded";
          }

          @Override
          public PlanDraw draw(long step, ModelSpec spec) {
            return new PlanDraw(spec.fullPlan(), "seeded", step, seed);
          }
        }) {};
    ModelSpec spec = ModelSpec.builder().vocabSize(16)
        .hiddenSize(8).intermediateSize(16).numHiddenLayers(2).numAttentionHeads(2).build();
    assertThat(factory.create(Params.none("behavior 'seeded'"), 42).draw(3, spec).seed()).isEqualTo(42);
    assertThatThrownBy(() -> factory.create(Params.parse("behavior 'seeded'", "k=1"), 42))
        .hasMessage("behavior 'seeded': unknown parameter 'k'; allowed: none");
  }

  @Test
  void algorithmBuilderAndPresets() {
    Algorithm algorithm = Algorithm.builder().behavior("random-skip", "fraction=0.25").correction("seq-tis", "c=2.0")
        .advantage("grpo", "").aggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN).build();
    assertThat(algorithm).isEqualTo(new Algorithm("random-skip", Params.parse("behavior 'random-skip'",
        "fraction=0.25"), "seq-tis", Params.parse("correction 'seq-tis'", "c=2.0"), "grpo",
        Params.none("advantage 'grpo'"), LossAggregation.SEQ_MEAN_TOKEN_MEAN, 0.0, KlEstimator.K3, 0.0));
    assertThat(Algorithm.builder().behavior("full", "").correction("none", "").advantage("rloo", "")
        .aggregation(LossAggregation.TOKEN_MEAN).kl(0.1, KlEstimator.K1).entropy(0.01).build())
        .extracting(Algorithm::klCoefficient, Algorithm::klEstimator, Algorithm::entropyCoefficient)
        .containsExactly(0.1, KlEstimator.K1, 0.01);
    assertThatThrownBy(() -> Algorithm.builder().behavior("full", "").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("the correction is not set");
    AlgorithmPreset preset = new DeclaredPreset("mine", "a paragraph", algorithm) {};
    assertThat(preset.name()).isEqualTo("mine");
    assertThat(preset.description()).isEqualTo("a paragraph");
    assertThat(preset.algorithm()).isSameAs(algorithm);
    assertThat(Params.forComponent("reward", "format", "marker=hash").owner()).isEqualTo("reward 'format'");
  }
}
