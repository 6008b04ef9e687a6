package dev.nestedreft.tf;

import dev.nestedreft.spi.ClassProbe;
import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.learner.LearnerBackend;
import dev.nestedreft.spi.learner.LearnerBackendProvider;
import dev.nestedreft.spi.learner.LearnerConfig;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;

/** Provides the TensorFlow Java learner under the name {@value TfBackendProvider#NAME}. */
public final class TfLearnerProvider implements LearnerBackendProvider {
  @Override
  public String name() {
    return TfBackendProvider.NAME;
  }

  @Override
  public boolean isAvailable() {
    return ClassProbe.present("org.tensorflow.TensorFlow", TfLearnerProvider.class);
  }

  @Override
  public LearnerBackend create(ModelSpec spec, WeightSet weights, LearnerConfig config, BackendOptions options) {
    return new TfLearner(spec, weights, config, options);
  }
}
