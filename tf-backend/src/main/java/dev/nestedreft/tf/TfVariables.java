package dev.nestedreft.tf;

import dev.nestedreft.spi.weights.WeightSet;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A set of named fp32 TensorFlow variables under one scope (the model's weights, the frozen reference, the AdamW
 * moments, the gradient accumulators), with one assign op per variable so that a {@link WeightSet} is loaded in a
 * single session run, and a zeroing op set. Names are the Hugging Face tensor names. Lives as long as its graph.
 */
final class TfVariables {
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
  private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
  private final List<Assign<TFloat32>> zeroes = new ArrayList<>();
  /**
   * The value {@link #zero} fills with, fed as 0. A fed value keeps TensorFlow's graph optimiser from folding each
   * {@code Fill} into a constant the size of its variable, which the session would then hold for its whole life
   * (one more copy of the parameters per zeroed set).
   */
  private final Placeholder<TFloat32> fillValue;
  private final Map<String, long[]> shapes;

  TfVariables(Ops tf, String scopeName, Map<String, long[]> shapes) {
    this.shapes = shapes;
    Ops scope = tf.withSubScope(scopeName);
    fillValue = scope.withName("fill_value").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      String name = e.getKey();
      Shape shape = Shape.of(e.getValue());
      Variable<TFloat32> variable = scope.withName(name).variable(shape, TFloat32.class);
      Placeholder<TFloat32> input =
          scope.withName(name + "_in").placeholder(TFloat32.class, Placeholder.shape(shape));
      variables.put(name, variable);
      inputs.put(name, input);
      assigns.put(name, scope.withName(name + "_assign").assign(variable, input));
      zeroes.add(scope.withName(name + "_zero").assign(variable, scope.fill(scope.constant(e.getValue()), fillValue)));
    }
  }

  /** The variable holding tensor {@code name}. */
  Variable<TFloat32> get(String name) {
    Variable<TFloat32> variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException("no variable for tensor " + name);
    }
    return variable;
  }

  List<String> names() {
    return List.copyOf(shapes.keySet());
  }

  long[] shape(String name) {
    return shapes.get(name).clone();
  }

  /** Copies tensor {@code rename(name)} of {@code source} into every variable, in one session run. */
  void load(Session session, WeightSet source, UnaryOperator<String> rename) {
    List<TFloat32> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        FloatBuffer data = source.floats(rename.apply(e.getKey()));
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(e.getValue()), DataBuffers.of(data));
        fed.add(tensor);
        runner.feed(inputs.get(e.getKey()), tensor).addTarget(assigns.get(e.getKey()));
      }
      runner.run().close();
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  /** Sets every variable to zero. */
  void zero(Session session) {
    try (TFloat32 zero = TFloat32.scalarOf(0f)) {
      Session.Runner runner = session.runner().feed(fillValue, zero);
      zeroes.forEach(runner::addTarget);
      runner.run().close();
    }
  }

  /** Copies every variable into a new weight set named {@code rename(name)}; the caller owns it. */
  WeightSet export(Session session, BufferAllocator allocator, String setName, UnaryOperator<String> rename) {
    WeightSet out = WeightSet.create(allocator, setName);
    try {
      Session.Runner runner = session.runner();
      List<String> names = names();
      names.forEach(n -> runner.fetch(variables.get(n)));
      try (Result result = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          FloatBuffer target = out.allocate(rename.apply(names.get(i)), shapes.get(names.get(i)));
          float[] values = new float[target.remaining()];
          ((TFloat32) result.get(i)).asRawTensor().data().asFloats().read(values);
          target.put(values);
        }
      }
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** Reads every variable, flattened in {@link #names()} order. */
  float[] flatten(Session session) {
    Session.Runner runner = session.runner();
    List<String> names = names();
    names.forEach(n -> runner.fetch(variables.get(n)));
    long total = 0;
    for (String n : names) {
      total += WeightSet.elementCount(shapes.get(n));
    }
    float[] out = new float[Math.toIntExact(total)];
    int offset = 0;
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        int n = (int) WeightSet.elementCount(shapes.get(names.get(i)));
        float[] values = new float[n];
        ((TFloat32) result.get(i)).asRawTensor().data().asFloats().read(values);
        System.arraycopy(values, 0, out, offset, n);
        offset += n;
      }
    }
    return out;
  }
}
