package dev.nestedreft.tf;

import dev.nestedreft.spi.backend.BackendOptions;
import dev.nestedreft.spi.model.ModelSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * What the forward backend and the learner share: the model spec, a graph and the session that runs it, owned
 * together until {@link #close()}. A subclass adds its ops through {@link #tf} in its constructor and closes this
 * if that fails; the session runs ops added after it was created (TensorFlow extends it on the next run). Not
 * thread-safe.
 */
abstract class TfGraphOwner implements AutoCloseable {
  final ModelSpec spec;
  final Graph graph;
  final Ops tf;
  final Session session;

  /**
   * @throws dev.nestedreft.spi.NestedReftException when {@code options} ask for a device TensorFlow does not see
   */
  TfGraphOwner(ModelSpec spec, BackendOptions options) {
    TfSessions.checkDevice(options);
    this.spec = spec;
    this.graph = new Graph();
    try {
      this.tf = Ops.create(graph);
      this.session = TfSessions.create(graph, options);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  public String name() {
    return TfBackendProvider.NAME;
  }

  public ModelSpec spec() {
    return spec;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
