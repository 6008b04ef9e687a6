package dev.nestedreft.tf;

import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.metrics.ScalarWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard event files written with TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteScalarSummary}), so TensorBoard reads them as it reads TensorFlow's. Owns a small graph and session
 * until {@link #close()}.
 */
final class TfEventWriter implements ScalarWriter {
  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> value;
  private final Op write;
  private final Op flush;
  private final Op close;
  private boolean closed;

  TfEventWriter(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new NestedReftException(logDir + ": cannot create the TensorBoard directory: " + e.getMessage(), e);
    }
    try {
      Ops tf = Ops.create(graph);
      SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("nested_reft_events"));
      Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(logDir.toAbsolutePath().toString()),
          tf.constant(100), tf.constant(2000), tf.constant(".nested-reft.v2"));
      step = tf.placeholder(TInt64.class);
      tag = tf.placeholder(TString.class);
      value = tf.placeholder(TFloat32.class);
      write = tf.summary.writeScalarSummary(writer, step, tag, value);
      flush = tf.summary.flushSummaryWriter(writer);
      close = tf.summary.closeSummaryWriter(writer);
      session = new Session(graph);
      session.run(create);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  @Override
  public void write(long stepValue, Map<String, Double> scalars) {
    try (TInt64 s = TInt64.scalarOf(stepValue)) {
      for (Map.Entry<String, Double> e : scalars.entrySet()) {
        if (e.getValue() == null || !Double.isFinite(e.getValue())) {
          continue;
        }
        try (TString t = TString.scalarOf(e.getKey()); TFloat32 v = TFloat32.scalarOf(e.getValue().floatValue())) {
          session.runner().feed(step, s).feed(tag, t).feed(value, v).addTarget(write).run().close();
        }
      }
    }
  }

  @Override
  public void flush() {
    session.run(flush);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.run(close);
    } finally {
      session.close();
      graph.close();
    }
  }
}
