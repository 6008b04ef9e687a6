package dev.nestedreft.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.algo.AdvantageEstimator;
import dev.nestedreft.spi.algo.BehaviorPolicy;
import dev.nestedreft.spi.algo.CorrectionWeights;
import dev.nestedreft.spi.algo.OffPolicyCorrection;
import dev.nestedreft.spi.algo.PlanDraw;
import dev.nestedreft.spi.algo.PlanFeedback;
import dev.nestedreft.spi.algo.RewardFn;
import dev.nestedreft.spi.algo.RewardInput;
import dev.nestedreft.spi.algo.SequenceLogprobs;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.backend.Logits;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import dev.nestedreft.tck.algo.AdvantageEstimatorContract;
import dev.nestedreft.tck.algo.BehaviorPolicyContract;
import dev.nestedreft.tck.algo.OffPolicyCorrectionContract;
import dev.nestedreft.tck.algo.RewardFnContract;
import dev.nestedreft.tck.backend.ForwardBackendContract;
import dev.nestedreft.tck.reference.ReferenceBackendProvider;
import dev.nestedreft.tck.reference.ReferenceForwardBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The contracts fail where they should: each runs here, through the JUnit Platform launcher, against a correct
 * implementation (nothing fails) and against implementations with one planted bug each (exactly the checks that
 * concern the bug fail). The broken implementations are static member classes, which surefire does not run by
 * itself.
 */
class ContractsCatchBugsTest {
  /** The names of the test methods of {@code contract} that failed. */
  private static Set<String> failures(Class<?> contract) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(DiscoverySelectors.selectClass(contract)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsFoundCount()).as("tests found in %s", contract.getSimpleName()).isPositive();
    Set<String> out = new TreeSet<>();
    for (TestExecutionSummary.Failure failure : summary.getFailures()) {
      out.add(failure.getTestIdentifier().getSource().filter(MethodSource.class::isInstance)
          .map(s -> ((MethodSource) s).getMethodName()).orElse(failure.getTestIdentifier().getDisplayName()));
    }
    return out;
  }

  // ---- corrections ----

  /** Token-level importance ratios capped at Float.MAX_VALUE: a correct correction. */
  static class TokenRatio extends OffPolicyCorrectionContract {
    static CorrectionWeights weights(SequenceLogprobs tokens, boolean cap, int drop) {
      List<float[]> rows = new ArrayList<>();
      for (int i = 0; i < tokens.sequences(); i++) {
        float[] row = new float[Math.max(0, tokens.length(i) - drop)];
        for (int t = 0; t < row.length; t++) {
          double w = Math.exp(tokens.logRatio(i, t));
          row[t] = cap ? (float) Math.min(w, Float.MAX_VALUE) : (float) w;
        }
        rows.add(row);
      }
      return CorrectionWeights.of(rows, 0);
    }

    @Override
    protected OffPolicyCorrection correction() {
      return correction("token-ratio", (tokens, advantages) -> weights(tokens, true, 0));
    }

    static OffPolicyCorrection correction(String name, BiFunction<SequenceLogprobs, float[],
        CorrectionWeights> weights) {
      return new OffPolicyCorrection() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
          return weights.apply(tokens, advantages);
        }
      };
    }
  }

  /** The sequence ratio exp(Σ log ρ) in float without a cap: +∞ at large log-ratios. */
  static class OverflowingCorrection extends OffPolicyCorrectionContract {
    @Override
    protected OffPolicyCorrection correction() {
      return TokenRatio.correction("overflowing", (tokens, advantages) -> {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < tokens.sequences(); i++) {
          float[] row = new float[tokens.length(i)];
          Arrays.fill(row, (float) Math.exp(tokens.sequenceLogRatio(i)));
          rows.add(row);
        }
        return CorrectionWeights.of(rows, 0);
      });
    }
  }

  /** One weight short in every row. */
  static class ShortRows extends OffPolicyCorrectionContract {
    @Override
    protected OffPolicyCorrection correction() {
      return TokenRatio.correction("short", (tokens, advantages) -> TokenRatio.weights(tokens, true, 1));
    }
  }

  /** Correct weights, but it clamps the target log-probs it was given in place. */
  static class WritesItsInput extends OffPolicyCorrectionContract {
    @Override
    protected OffPolicyCorrection correction() {
      return TokenRatio.correction("writer", (tokens, advantages) -> {
        CorrectionWeights out = TokenRatio.weights(tokens, true, 0);
        for (float[] row : tokens.target()) {
          for (int t = 0; t < row.length; t++) {
            row[t] = Math.max(row[t], -5f);
          }
        }
        return out;
      });
    }
  }

  @Test
  void theCorrectionContract() {
    assertThat(failures(TokenRatio.class)).isEmpty();
    assertThat(failures(OverflowingCorrection.class))
        .containsExactly("everyWeightAndDiagnosticIsFiniteForLogRatiosUpToFifty");
    assertThat(failures(ShortRows.class)).containsExactly("everyWeightAndDiagnosticIsFiniteForLogRatiosUpToFifty",
        "onPolicyDataGetsTheDocumentedWeight", "weightsHaveTheShapeOfTheLogprobsAndAreFinite");
    assertThat(failures(WritesItsInput.class)).containsExactly("isDeterministicAndLeavesItsInputsAlone");
  }

  // ---- rewards ----

  /** The share of digits in the completion: correct, in [0, 1]. */
  static class DigitShare extends RewardFnContract {
    static double share(String text) {
      return text.isEmpty() ? 0 : text.chars().filter(c -> c >= '0' && c <= '9').count() / (double) text.length();
    }

    @Override
    protected RewardFn reward() {
      return reward("digits", input -> share(input.completion()));
    }

    static RewardFn reward(String name, ToDoubleFunction<RewardInput> score) {
      return new RewardFn() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public double score(RewardInput input) {
          return score.applyAsDouble(input);
        }
      };
    }

    @Override
    protected double minScore() {
      return 0;
    }

    @Override
    protected double maxScore() {
      return 1;
    }
  }

  /** Reads the first character: throws on an empty completion. */
  static class ThrowsOnEmpty extends DigitShare {
    @Override
    protected RewardFn reward() {
      return reward("first-char", input -> Character.isDigit(input.completion().charAt(0)) ? 1 : 0);
    }
  }

  /** Counts its calls: a later call scores differently. */
  static class Stateful extends DigitShare {
    @Override
    protected RewardFn reward() {
      long[] calls = {0};
      return reward("stateful", input -> share(input.completion()) * (calls[0]++ % 2));
    }
  }

  /** Scores 2 for a completion with "####": above its documented range. */
  static class OutOfRange extends DigitShare {
    @Override
    protected RewardFn reward() {
      return reward("out-of-range", input -> input.completion().contains("####") ? 2 : share(input.completion()));
    }
  }

  @Test
  void theRewardContract() {
    assertThat(failures(DigitShare.class)).isEmpty();
    assertThat(failures(ThrowsOnEmpty.class)).containsExactly("isDeterministicAndKeepsNoStateBetweenCalls",
        "neverThrowsAndStaysInRangeOnHostileText");
    assertThat(failures(Stateful.class)).containsExactly("isDeterministicAndKeepsNoStateBetweenCalls");
    assertThat(failures(OutOfRange.class)).containsExactly("neverThrowsAndStaysInRangeOnHostileText");
  }

  // ---- behavior policies ----

  /** Skips one interior layer chosen from (seed, step) alone: correct. */
  static class SkipOne extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      return policy("skip-one", seed, (step, layers) -> LayerPlan.skipping(layers,
          1 + new SplittableRandom(seed ^ step * 0x9e3779b97f4a7c15L).nextInt(layers - 2)));
    }

    static BehaviorPolicy policy(String name, long seed, BiFunction<Long, Integer, LayerPlan> plan) {
      return new BehaviorPolicy() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public PlanDraw draw(long step, ModelSpec spec) {
          return new PlanDraw(plan.apply(step, spec.numHiddenLayers()), name, step, seed);
        }
      };
    }
  }

  /** Draws from one stream the policy advances: a draw depends on the draws before it. */
  static class SharedStream extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      return SkipOne.policy("shared-stream", seed, (step, layers) -> LayerPlan.skipping(layers,
          1 + random.nextInt(layers - 2)));
    }
  }

  /** Always a plan for 8 layers, whatever the model. */
  static class FixedDepth extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      return SkipOne.policy("fixed-depth", seed, (step, layers) -> LayerPlan.skipping(8, 3));
    }
  }

  /**
   * A policy that learns: skips the interior layer that (seed, step) picks, shifted by the number of updates it has
   * observed, which is its state. {@code countsDraws} and {@code ignoresRestore} plant a bug each.
   */
  static final class Counting implements BehaviorPolicy {
    private final long seed;
    private final boolean countsDraws;
    private final boolean ignoresRestore;
    private long observed;

    Counting(long seed, boolean countsDraws, boolean ignoresRestore) {
      this.seed = seed;
      this.countsDraws = countsDraws;
      this.ignoresRestore = ignoresRestore;
    }

    @Override
    public String name() {
      return "counting";
    }

    @Override
    public PlanDraw draw(long step, ModelSpec spec) {
      int layers = spec.numHiddenLayers();
      long pick = new SplittableRandom(seed ^ step * 0x9e3779b97f4a7c15L).nextLong() + observed;
      observed += countsDraws ? 1 : 0;
      return new PlanDraw(LayerPlan.skipping(layers, 1 + (int) Math.floorMod(pick, (long) layers - 2)), name(), step,
          seed);
    }

    @Override
    public void observe(PlanFeedback feedback) {
      observed += feedback.updateSkipped() ? 0 : 1;
    }

    @Override
    public String saveState() {
      return Long.toString(observed);
    }

    @Override
    public void restoreState(String state) {
      if (!ignoresRestore) {
        observed = state.isEmpty() ? 0 : Long.parseLong(state);
      }
    }
  }

  /** Learns from feedback and saves what it learned: correct. */
  static class Learns extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      return new Counting(seed, false, false);
    }
  }

  /** Counts its own draws as if they were feedback: a draw changes the state and the next draws. */
  static class DrawChangesState extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      return new Counting(seed, true, false);
    }
  }

  /** Saves its state but restores nothing: a resumed run forgets what it learned. */
  static class ForgetsOnRestore extends BehaviorPolicyContract {
    @Override
    protected BehaviorPolicy policy(long seed) {
      return new Counting(seed, false, true);
    }
  }

  @Test
  void theBehaviorPolicyContract() {
    assertThat(failures(SkipOne.class)).isEmpty();
    assertThat(failures(Learns.class)).isEmpty();
    assertThat(failures(SharedStream.class)).containsExactly("aDrawIsAFunctionOfSeedStepAndWhatWasObserved",
        "aRestoredStateDrawsAndLearnsAsTheOriginal");
    assertThat(failures(FixedDepth.class)).containsExactly("everyDrawIsAValidPlanThatRecordsHowItWasDrawn",
        "instancesFedTheSameFeedbackDrawTheSamePlans");
    assertThat(failures(DrawChangesState.class)).containsExactly("aDrawIsAFunctionOfSeedStepAndWhatWasObserved",
        "drawingDoesNotChangeTheState");
    assertThat(failures(ForgetsOnRestore.class)).containsExactly("aRestoredStateDrawsAndLearnsAsTheOriginal");
  }

  // ---- advantage estimators ----

  /** The reward itself, with no baseline. */
  static AdvantageEstimator estimator(String name, BiFunction<long[], double[], float[]> f) {
    return new AdvantageEstimator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public float[] advantages(long[] groups, double[] rewards) {
        return f.apply(groups, rewards);
      }
    };
  }

  static float[] raw(long[] groups, double[] rewards) {
    float[] out = new float[rewards.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) rewards[i];
    }
    return out;
  }

  static float[] minusBatchMean(long[] groups, double[] rewards) {
    double mean = Arrays.stream(rewards).average().orElse(0);
    float[] out = new float[rewards.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (rewards[i] - mean);
    }
    return out;
  }

  /** A = r, declared as having no baseline: correct. */
  static class RawReward extends AdvantageEstimatorContract {
    @Override
    protected AdvantageEstimator estimator() {
      return ContractsCatchBugsTest.estimator("raw", ContractsCatchBugsTest::raw);
    }

    @Override
    protected Baseline baseline() {
      return Baseline.NONE;
    }
  }

  /** A = r, claimed to be per group. */
  static class RawRewardAsGroup extends RawReward {
    @Override
    protected Baseline baseline() {
      return Baseline.GROUP;
    }
  }

  /** A = r − the batch mean: correct as a batch baseline, wrong as a group one. */
  static class BatchMean extends AdvantageEstimatorContract {
    @Override
    protected AdvantageEstimator estimator() {
      return ContractsCatchBugsTest.estimator("batch-mean", ContractsCatchBugsTest::minusBatchMean);
    }

    @Override
    protected Baseline baseline() {
      return Baseline.BATCH;
    }
  }

  /** A = r − the batch mean, claimed to be per group. */
  static class BatchMeanAsGroup extends BatchMean {
    @Override
    protected Baseline baseline() {
      return Baseline.GROUP;
    }
  }

  /** A = r − the first reward of the batch: depends on the order of the sequences. */
  static class FirstAsBaseline extends RawReward {
    @Override
    protected AdvantageEstimator estimator() {
      return ContractsCatchBugsTest.estimator("first", (groups, rewards) -> {
        float[] out = new float[rewards.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = (float) (rewards[i] - rewards[0]);
        }
        return out;
      });
    }
  }

  @Test
  void theAdvantageContract() {
    assertThat(failures(RawReward.class)).isEmpty();
    assertThat(failures(BatchMean.class)).isEmpty();
    assertThat(failures(RawRewardAsGroup.class)).containsExactly("advantagesAreCentred", "equalRewardsGetZero");
    assertThat(failures(BatchMeanAsGroup.class)).containsExactly("aGroupIgnoresTheOtherGroups",
        "advantagesAreCentred", "equalRewardsGetZero");
    assertThat(failures(FirstAsBaseline.class)).containsExactly("permutingTheBatchPermutesTheAdvantages");
  }

  // ---- forward backends ----

  /** The reference itself: correct by definition. */
  static class Reference extends ForwardBackendContract {
    @Override
    protected ForwardBackendProvider provider() {
      return new ReferenceBackendProvider();
    }
  }

  /** The reference behind a provider that runs every layer whatever the plan. */
  static class IgnoresThePlan extends ForwardBackendContract {
    @Override
    protected ForwardBackendProvider provider() {
      return provider((reference, tokens, plan) -> reference.logits(tokens, reference.spec().fullPlan()));
    }

    interface Compute {
      Logits logits(ForwardBackend reference, TokenBatch tokens, LayerPlan plan);
    }

    static ForwardBackendProvider provider(Compute compute) {
      return new ForwardBackendProvider() {
        @Override
        public String name() {
          return "broken";
        }

        @Override
        public boolean isAvailable() {
          return true;
        }

        @Override
        public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
          ReferenceForwardBackend reference = ReferenceForwardBackend.create(spec, weights);
          return new ForwardBackend() {
            @Override
            public String name() {
              return "broken";
            }

            @Override
            public ModelSpec spec() {
              return spec;
            }

            @Override
            public Logits logits(TokenBatch tokens, LayerPlan plan) {
              return compute.logits(reference, tokens, plan);
            }

            @Override
            public void close() {}
          };
        }
      };
    }
  }

  /** The reference, but a plan for another depth runs the full plan and bad tokens are clamped, silently. */
  static class ForgivesBadInputs extends ForwardBackendContract {
    @Override
    protected ForwardBackendProvider provider() {
      return IgnoresThePlan.provider((reference, tokens, plan) -> {
        int vocab = reference.spec().vocabSize();
        int[][] rows = new int[tokens.batch()][];
        for (int b = 0; b < rows.length; b++) {
          rows[b] = Arrays.stream(tokens.row(b)).map(t -> Math.max(0, Math.min(vocab - 1, t))).toArray();
        }
        LayerPlan checked = plan.numLayers() == reference.spec().numHiddenLayers() ? plan
            : reference.spec().fullPlan();
        return reference.logits(TokenBatch.of(rows), checked);
      });
    }
  }

  /** Keeps the caller's weights instead of a copy: reads freed memory once they are closed. */
  static class BorrowsTheWeights extends ForwardBackendContract {
    @Override
    protected ForwardBackendProvider provider() {
      return new ForwardBackendProvider() {
        @Override
        public String name() {
          return "borrower";
        }

        @Override
        public boolean isAvailable() {
          return true;
        }

        @Override
        public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
          return new ForwardBackend() {
            @Override
            public String name() {
              return "borrower";
            }

            @Override
            public ModelSpec spec() {
              return spec;
            }

            @Override
            public Logits logits(TokenBatch tokens, LayerPlan plan) {
              return ReferenceForwardBackend.create(spec, weights).logits(tokens, plan);
            }

            @Override
            public void close() {}
          };
        }
      };
    }
  }

  @Test
  void theForwardBackendContract() {
    assertThat(failures(Reference.class)).isEmpty();
    assertThat(failures(IgnoresThePlan.class)).containsExactly("agreesWithTheReferenceForTheFullPlanAndNestedPlans",
        "keepsItsOwnCopyOfTheWeights", "refusesAPlanForAnotherDepthAndTokensOutsideTheVocabulary");
    assertThat(failures(ForgivesBadInputs.class))
        .containsExactly("refusesAPlanForAnotherDepthAndTokensOutsideTheVocabulary");
    assertThat(failures(BorrowsTheWeights.class)).containsExactly("keepsItsOwnCopyOfTheWeights");
  }
}
