package dev.nestedreft.tf;

import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.weights.WeightNames;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The model's parameters as TensorFlow variables named after their Hugging Face tensors, with one assign op per
 * variable so that a {@link WeightSet} can be loaded in a single session run. Lives as long as its graph.
 */
final class TfWeights {
  private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
  private final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
  private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
  private final ModelSpec spec;
  private final Map<String, long[]> shapes;

  TfWeights(Ops tf, ModelSpec spec) {
    this.spec = spec;
    this.shapes = WeightNames.expected(spec);
    Ops scope = tf.withSubScope("weights");
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      String name = e.getKey();
      Shape shape = Shape.of(e.getValue());
      Variable<TFloat32> variable = scope.withName(name).variable(shape, TFloat32.class);
      Placeholder<TFloat32> input =
          scope.withName(name + "_in").placeholder(TFloat32.class, Placeholder.shape(shape));
      variables.put(name, variable);
      inputs.put(name, input);
      assigns.put(name, scope.withName(name + "_assign").assign(variable, input));
    }
  }

  /** The variable holding tensor {@code name}. */
  Operand<TFloat32> get(String name) {
    Variable<TFloat32> variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException("no variable for tensor " + name);
    }
    return variable;
  }

  /**
   * Copies every tensor of {@code weights} into the variables, in one session run.
   *
   * @throws InvalidInputException when a tensor is missing or has the wrong shape
   */
  void load(Session session, WeightSet weights, String source) {
    weights.validateAgainst(spec, source);
    List<TFloat32> fed = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        FloatBuffer data = weights.floats(e.getKey());
        TFloat32 tensor = TFloat32.tensorOf(Shape.of(e.getValue()), DataBuffers.of(data));
        fed.add(tensor);
        runner.feed(inputs.get(e.getKey()), tensor).addTarget(assigns.get(e.getKey()));
      }
      runner.run().close();
    } finally {
      fed.forEach(TFloat32::close);
    }
  }
}
