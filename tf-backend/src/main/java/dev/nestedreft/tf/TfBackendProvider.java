package dev.nestedreft.tf;

import dev.nestedreft.spi.ClassProbe;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.ForwardBackendProvider;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/**
 * Provides the TensorFlow Java forward backend and learner, both under the name {@value #NAME}; registered for
 * both services. Stateless: {@link java.util.ServiceLoader} makes one instance per service.
 */
public final class TfBackendProvider implements ForwardBackendProvider, LearnerBackendProvider {
  public static final String NAME = "tf";
  /** The rank of both services: the preferred forward backend and learner when nothing names one. */
  public static final int RANK = 100;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return tensorFlowPresent();
  }

  @Override
  public String description() {
    return "TensorFlow Java (CPU, or CUDA with -Pgpu): one graph and session per model; forward pass over any layer "
        + "plan, and the learner (policy-gradient loss, symbolic gradients, AdamW)";
  }

  @Override
  public int rank() {
    return RANK;
  }

  /** Whether TensorFlow Java is on the class path; nothing is loaded or initialised. */
  static boolean tensorFlowPresent() {
    return ClassProbe.present("org.tensorflow.TensorFlow", TfBackendProvider.class);
  }

  @Override
  public ForwardBackend create(ModelSpec spec, WeightSet weights, BackendOptions options) {
    return new TfForwardBackend(spec, weights, options);
  }

  @Override
  public LearnerBackend create(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options) {
    return new TfLearner(spec, weights, config, options);
  }
}
