package dev.nestedreft.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A small owner of one ONNX graph under construction: it names intermediate values, adds nodes with typed
 * attributes, constants and initializers, and assembles the {@link ModelProto}. Not thread-safe; one builder per
 * graph.
 */
final class OnnxGraphBuilder {
  /** ONNX IR version 8 pairs with opset 17, the newest both ONNX Runtime and the Debian ONNX checker accept. */
  static final long IR_VERSION = 8;
  static final long OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private int counter;

  OnnxGraphBuilder(String name) {
    graph.setName(name);
  }

  /** A fresh value name with a readable prefix. */
  String fresh(String prefix) {
    return prefix + "_" + counter++;
  }

  /** Adds a node with one output; returns the output's name. */
  String op(String type, String prefix, Attr[] attributes, String... inputs) {
    return named(type, fresh(prefix), attributes, inputs);
  }

  /** Adds a node whose single output is called exactly {@code out} (for graph outputs, without a copy). */
  String named(String type, String out, Attr[] attributes, String... inputs) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setName(out + "_" + type).setDomain("");
    for (String in : inputs) {
      node.addInput(in);
    }
    node.addOutput(out);
    for (Attr a : attributes) {
      node.addAttribute(a.proto());
    }
    graph.addNode(node);
    return out;
  }

  String op(String type, String prefix, String... inputs) {
    return op(type, prefix, new Attr[0], inputs);
  }

  /** Adds a node with several outputs; returns their names. */
  String[] multi(String type, String prefix, int outputs, Attr[] attributes, String... inputs) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setDomain("");
    String[] names = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      names[i] = fresh(prefix);
      node.addOutput(names[i]);
    }
    node.setName(names[0] + "_" + type);
    for (String in : inputs) {
      node.addInput(in);
    }
    for (Attr a : attributes) {
      node.addAttribute(a.proto());
    }
    graph.addNode(node);
    return names;
  }

  /** An int64 vector constant stored as an initializer. */
  String ints(String prefix, long... values) {
    String name = fresh(prefix);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 scalar constant. */
  String scalarInt(String prefix, long value) {
    String name = fresh(prefix);
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
        .addInt64Data(value));
    return name;
  }

  /** A float32 scalar constant. */
  String scalarFloat(String prefix, float value) {
    String name = fresh(prefix);
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
        .addFloatData(value));
    return name;
  }

  /** A float32 constant of any shape, stored as raw little-endian bytes. */
  String floats(String prefix, long[] dims, float[] values) {
    String name = fresh(prefix);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    addInitializer(name, dims, bytes);
    return name;
  }

  /** A named float32 initializer whose data is copied from {@code littleEndianBytes}. */
  void addInitializer(String name, long[] dims, ByteBuffer littleEndianBytes) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
        .setRawData(ByteString.copyFrom(littleEndianBytes.duplicate()));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
  }

  /** Declares a graph input; a dimension is a {@code Long} size or a {@code String} symbolic name. */
  void input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  /** Declares {@code name}, the output of a node already added, as a graph output. */
  void declareOutput(String name, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** Declares a graph output, renaming {@code value} to {@code name} with an Identity node. */
  void output(String name, String value, TensorProto.DataType type, Object... dims) {
    graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(name + "_Identity").addInput(value)
        .addOutput(name));
    graph.addOutput(valueInfo(name, type, dims));
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String symbol) {
        dim.setDimParam(symbol);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  /** The finished model with {@code metadata} in {@code metadata_props}. */
  ModelProto model(String producerVersion, Map<String, String> metadata) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("nested-reft")
        .setProducerVersion(producerVersion)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph);
    metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  /** A typed node attribute. */
  record Attr(AttributeProto proto) {
    static Attr i(String name, long value) {
      return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
          .setI(value).build());
    }

    static Attr ints(String name, long... values) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return new Attr(b.build());
    }
  }
}
