package dev.nestedreft.api.plugin;

import dev.nestedreft.spi.algo.OffPolicyCorrectionFactory;
import dev.nestedreft.spi.algo.RewardFnFactory;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.spi.rollout.RolloutBackendProvider;
import dev.nestedreft.tck.support.PluginJars;
import java.io.IOException;
import java.nio.file.Path;

/** Plug-in jars that the api's tests build, as a third party would write them against the SPI. */
public final class TestPlugins {
  /** The backend name of {@link #echo}. */
  public static final String ECHO = "echo";
  /** The correction name of {@link #echo}. */
  public static final String FLAT = "flat";
  /** The reward name of {@link #reward}. */
  public static final String BONUS = "bonus";

  private TestPlugins() {}

  /**
   * A jar with the backend {@value #ECHO} (forward, rollout and learner, rank 5; creating any of them throws
   * {@code IllegalStateException("echo <forward|rollout|learner> backend reached")}, which shows a caller found it)
   * and the correction {@value #FLAT} (parameter {@code scale}, default 1).
   */
  public static Path echo(Path jar) throws IOException {
    return PluginJars.jar(jar)
        .source("com.acme.echo.EchoBackend", """
            package com.acme.echo;

            import dev.nestedreft.spi.backend.*;
            import dev.nestedreft.spi.learner.*;
            import dev.nestedreft.spi.model.*;
            import dev.nestedreft.spi.rollout.*;
            import dev.nestedreft.spi.weights.*;
            import org.apache.arrow.memory.*;

            public final class EchoBackend
                implements ForwardBackendProvider, RolloutBackendProvider, LearnerBackendProvider {
              @Override public String name() { return "echo"; }
              @Override public boolean isAvailable() { return true; }
              @Override public String description() { return "a test backend that only says it was reached"; }
              @Override public int rank() { return 5; }
              @Override public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
                throw new IllegalStateException("echo forward backend reached");
              }
              @Override public RolloutBackend create(ModelSpec spec, BufferAllocator allocator,
                  BackendOptions options) {
                throw new IllegalStateException("echo rollout backend reached");
              }
              @Override public LearnerBackend create(ModelSpec spec, WeightSet weights, LearnerConfig config,
                  BackendOptions options) {
                throw new IllegalStateException("echo learner backend reached");
              }
            }
            """)
        .source("com.acme.echo.FlatCorrectionFactory", """
            package com.acme.echo;

            import dev.nestedreft.spi.algo.*;

            public final class FlatCorrectionFactory extends DeclaredCorrectionFactory {
              static final DoubleParam SCALE = DoubleParam.of("scale", 1.0).positive();

              public FlatCorrectionFactory() {
                super(ComponentSpec.of("flat", "w_t = scale on every token (a test plug-in)", SCALE), params -> {
                  double scale = SCALE.read(params);
                  return new OffPolicyCorrection() {
                    @Override public String name() { return "flat"; }
                    @Override public CorrectionWeights weights(SequenceLogprobs tokens, float[] advantages) {
                      throw new UnsupportedOperationException("flat: scale " + scale);
                    }
                  };
                });
              }
            }
            """)
        .service(ForwardBackendProvider.class, "com.acme.echo.EchoBackend")
        .service(RolloutBackendProvider.class, "com.acme.echo.EchoBackend")
        .service(LearnerBackendProvider.class, "com.acme.echo.EchoBackend")
        .service(OffPolicyCorrectionFactory.class, "com.acme.echo.FlatCorrectionFactory")
        .write();
  }

  /**
   * A jar with the reward {@code name} (class {@code com.acme.<className>}, parameter {@code amount}, default 0.5,
   * which it scores every completion).
   */
  public static Path reward(Path jar, String className, String name) throws IOException {
    return PluginJars.jar(jar)
        .source("com.acme." + className, """
            package com.acme;

            import dev.nestedreft.spi.algo.*;

            public final class %1$s extends DeclaredRewardFnFactory {
              static final DoubleParam AMOUNT = DoubleParam.of("amount", 0.5).nonNegative();

              public %1$s() {
                super(ComponentSpec.of("%2$s", "scores every completion 'amount' (a test plug-in)", AMOUNT),
                    params -> {
                      double amount = AMOUNT.read(params);
                      return new RewardFn() {
                        @Override public String name() { return "%2$s"; }
                        @Override public double score(RewardInput input) { return amount; }
                      };
                    });
              }
            }
            """.formatted(className, name))
        .service(RewardFnFactory.class, "com.acme." + className)
        .write();
  }

  /** A jar with the reward {@value #BONUS}. */
  public static Path bonus(Path jar) throws IOException {
    return reward(jar, "BonusRewardFactory", BONUS);
  }
}
