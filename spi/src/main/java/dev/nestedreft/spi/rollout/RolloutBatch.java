package dev.nestedreft.spi.rollout;

import com.google.common.collect.ImmutableMap;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.io.IpcStreams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Generated completions in Arrow memory, one row per sequence (see {@link RolloutSchema}). This is what rollout
 * workers send to the learner, as Arrow IPC stream bytes ({@link #toIpcBytes()} / {@link #fromIpcBytes}).
 *
 * <p>Owns its vectors until {@link #close()}; accessors copy values out to the heap. Not thread-safe.
 */
public final class RolloutBatch implements AutoCloseable {
  private final VectorSchemaRoot root;

  private RolloutBatch(VectorSchemaRoot root) {
    this.root = root;
  }

  /** Builds a batch from {@code rows}, allocated from {@code allocator}; the caller owns it. */
  public static RolloutBatch of(BufferAllocator allocator, List<Completion> rows, Map<String, String> metadata) {
    VectorSchemaRoot root = VectorSchemaRoot.create(RolloutSchema.schema(metadata), allocator);
    try {
      root.allocateNew();
      BigIntVector promptId = (BigIntVector) root.getVector(RolloutSchema.PROMPT_ID);
      IntVector sample = (IntVector) root.getVector(RolloutSchema.SAMPLE_INDEX);
      VarCharVector finish = (VarCharVector) root.getVector(RolloutSchema.FINISH_REASON);
      BigIntVector version = (BigIntVector) root.getVector(RolloutSchema.POLICY_VERSION);
      UnionListWriter prompt = ((ListVector) root.getVector(RolloutSchema.PROMPT_TOKENS)).getWriter();
      UnionListWriter completion = ((ListVector) root.getVector(RolloutSchema.COMPLETION_TOKENS)).getWriter();
      UnionListWriter logprobs = ((ListVector) root.getVector(RolloutSchema.BEHAVIOR_LOGPROBS)).getWriter();
      UnionListWriter plan = ((ListVector) root.getVector(RolloutSchema.LAYER_PLAN)).getWriter();
      for (int i = 0; i < rows.size(); i++) {
        Completion c = rows.get(i);
        promptId.setSafe(i, c.promptId());
        sample.setSafe(i, c.sampleIndex());
        finish.setSafe(i, c.finishReason().wire().getBytes(StandardCharsets.UTF_8));
        version.setSafe(i, c.policyVersion());
        writeInts(prompt, i, c.promptTokens());
        writeInts(completion, i, c.completionTokens());
        logprobs.setPosition(i);
        logprobs.startList();
        for (float v : c.behaviorLogprobs()) {
          logprobs.writeFloat4(v);
        }
        logprobs.endList();
        plan.setPosition(i);
        plan.startList();
        for (int layer : c.layerPlan()) {
          plan.writeSmallInt((short) layer);
        }
        plan.endList();
      }
      for (String name : List.of(RolloutSchema.PROMPT_TOKENS, RolloutSchema.COMPLETION_TOKENS,
          RolloutSchema.BEHAVIOR_LOGPROBS, RolloutSchema.LAYER_PLAN)) {
        root.getVector(name).setValueCount(rows.size());
      }
      root.setRowCount(rows.size());
      return new RolloutBatch(root);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * The rows of {@code parts} in order, in a new batch allocated from {@code allocator}, with the first part's
   * metadata (how several workers' batches are gathered). The caller owns the result and still owns the parts.
   */
  public static RolloutBatch concat(BufferAllocator allocator, List<RolloutBatch> parts) {
    List<Completion> rows = new ArrayList<>();
    for (RolloutBatch part : parts) {
      for (int r = 0; r < part.rowCount(); r++) {
        rows.add(part.row(r));
      }
    }
    return of(allocator, rows, parts.isEmpty() ? Map.of() : parts.get(0).metadata());
  }

  private static void writeInts(UnionListWriter writer, int row, int[] values) {
    writer.setPosition(row);
    writer.startList();
    for (int v : values) {
      writer.writeInt(v);
    }
    writer.endList();
  }

  public int rowCount() {
    return root.getRowCount();
  }

  public Schema schema() {
    return root.getSchema();
  }

  /** Schema metadata: sampling parameters and generation statistics. */
  public Map<String, String> metadata() {
    Map<String, String> m = root.getSchema().getCustomMetadata();
    return m == null ? ImmutableMap.of() : ImmutableMap.copyOf(m);
  }

  public long promptId(int row) {
    return ((BigIntVector) root.getVector(RolloutSchema.PROMPT_ID)).get(row);
  }

  public int sampleIndex(int row) {
    return ((IntVector) root.getVector(RolloutSchema.SAMPLE_INDEX)).get(row);
  }

  public long policyVersion(int row) {
    return ((BigIntVector) root.getVector(RolloutSchema.POLICY_VERSION)).get(row);
  }

  public String finishReasonText(int row) {
    return new String(((VarCharVector) root.getVector(RolloutSchema.FINISH_REASON)).get(row),
        StandardCharsets.UTF_8);
  }

  public FinishReason finishReason(int row) {
    String text = finishReasonText(row);
    return FinishReason.fromWire(text).orElseThrow(() -> error(row, RolloutSchema.FINISH_REASON,
        "'" + text + "' is neither 'stop' nor 'length'"));
  }

  public int[] promptTokens(int row) {
    return ints(RolloutSchema.PROMPT_TOKENS, row);
  }

  public int[] completionTokens(int row) {
    return ints(RolloutSchema.COMPLETION_TOKENS, row);
  }

  public int[] layerPlan(int row) {
    ListVector list = (ListVector) root.getVector(RolloutSchema.LAYER_PLAN);
    SmallIntVector data = (SmallIntVector) list.getDataVector();
    int start = list.getElementStartIndex(row);
    int[] out = new int[list.getElementEndIndex(row) - start];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.get(start + i);
    }
    return out;
  }

  public float[] behaviorLogprobs(int row) {
    ListVector list = (ListVector) root.getVector(RolloutSchema.BEHAVIOR_LOGPROBS);
    Float4Vector data = (Float4Vector) list.getDataVector();
    int start = list.getElementStartIndex(row);
    float[] out = new float[list.getElementEndIndex(row) - start];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.get(start + i);
    }
    return out;
  }

  private int[] ints(String column, int row) {
    ListVector list = (ListVector) root.getVector(column);
    IntVector data = (IntVector) list.getDataVector();
    int start = list.getElementStartIndex(row);
    int[] out = new int[list.getElementEndIndex(row) - start];
    for (int i = 0; i < out.length; i++) {
      out[i] = data.get(start + i);
    }
    return out;
  }

  /** Row {@code row} as a heap record. */
  public Completion row(int row) {
    return new Completion(promptId(row), sampleIndex(row), promptTokens(row), completionTokens(row),
        behaviorLogprobs(row), finishReason(row), layerPlan(row), policyVersion(row));
  }

  /** Total generated tokens. */
  public long completionTokenCount() {
    ListVector list = (ListVector) root.getVector(RolloutSchema.COMPLETION_TOKENS);
    long total = 0;
    for (int row = 0; row < rowCount(); row++) {
      total += list.getElementEndIndex(row) - list.getElementStartIndex(row);
    }
    return total;
  }

  /**
   * Checks the batch: the schema is the rollout schema, no value is null, each row has as many log-probs as
   * completion tokens, every token id is in {@code [0, vocabSize)}, every log-prob is finite and at most 0, the
   * finish reason is stop or length, and the layer plan is strictly increasing and non-negative.
   *
   * @throws InvalidInputException naming the first bad row and column
   */
  public void validate(int vocabSize) {
    checkSchema(root.getSchema());
    for (FieldVector vector : root.getFieldVectors()) {
      for (int row = 0; row < rowCount(); row++) {
        if (vector.isNull(row)) {
          throw error(row, vector.getName(), "is null");
        }
      }
    }
    for (int row = 0; row < rowCount(); row++) {
      int[] completion = completionTokens(row);
      float[] logprobs = behaviorLogprobs(row);
      if (logprobs.length != completion.length) {
        throw error(row, RolloutSchema.BEHAVIOR_LOGPROBS, String.format(
            "has %d values but completion_tokens has %d tokens", logprobs.length, completion.length));
      }
      checkTokens(row, RolloutSchema.PROMPT_TOKENS, promptTokens(row), vocabSize);
      checkTokens(row, RolloutSchema.COMPLETION_TOKENS, completion, vocabSize);
      for (int i = 0; i < logprobs.length; i++) {
        if (!Float.isFinite(logprobs[i]) || logprobs[i] > 0) {
          throw error(row, RolloutSchema.BEHAVIOR_LOGPROBS, String.format(
              "value %d is %s; log-probabilities must be finite and <= 0", i, logprobs[i]));
        }
      }
      finishReason(row);
      int[] plan = layerPlan(row);
      for (int i = 0; i < plan.length; i++) {
        if (plan[i] < 0 || (i > 0 && plan[i] <= plan[i - 1])) {
          throw error(row, RolloutSchema.LAYER_PLAN, Arrays.toString(plan)
              + " is not a strictly increasing list of layer indices");
        }
      }
    }
  }

  private static void checkTokens(int row, String column, int[] tokens, int vocabSize) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabSize) {
        throw error(row, column, String.format("token %d at position %d is outside the vocabulary [0, %d)",
            tokens[i], i, vocabSize));
      }
    }
  }

  private static InvalidInputException error(int row, String column, String what) {
    return InvalidInputException.of("rollout batch row %d, column %s: %s", row, column, what);
  }

  /** The batch as Arrow IPC stream bytes (schema, metadata and one record batch). */
  public byte[] toIpcBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a batch written by {@link #toIpcBytes()} and validates it against {@code vocabSize}. The caller owns
   * the result.
   *
   * @throws InvalidInputException when the bytes are not an Arrow stream of one rollout batch, or fail
   *     {@link #validate}
   */
  public static RolloutBatch fromIpcBytes(byte[] bytes, BufferAllocator allocator, int vocabSize) {
    IpcStreams.checkStream(bytes, "rollout batch");
    try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
      VectorSchemaRoot source = reader.getVectorSchemaRoot();
      // The schema first: a stream of other columns is refused before Arrow loads a buffer for them.
      checkSchema(source.getSchema());
      if (!reader.loadNextBatch()) {
        throw new InvalidInputException("rollout batch: the Arrow stream holds no record batch");
      }
      IpcStreams.checkLoaded(source, "rollout batch");
      // The reader owns and reuses its root: move the data into a root this batch owns.
      VectorSchemaRoot copy = VectorSchemaRoot.create(source.getSchema(), allocator);
      try (var unloaded = new VectorUnloader(source).getRecordBatch()) {
        new VectorLoader(copy).load(unloaded);
      } catch (RuntimeException e) {
        copy.close();
        throw e;
      }
      RolloutBatch batch = new RolloutBatch(copy);
      try {
        batch.validate(vocabSize);
        return batch;
      } catch (RuntimeException e) {
        batch.close();
        throw e;
      }
    } catch (IOException e) {
      throw new InvalidInputException("rollout batch: not a readable Arrow IPC stream: " + e.getMessage(), e);
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      // Arrow reports a damaged stream with assorted runtime exceptions.
      throw new InvalidInputException("rollout batch: malformed Arrow IPC stream: " + e, e);
    }
  }

  private static void checkSchema(Schema schema) {
    Schema expected = RolloutSchema.schema(Map.of());
    if (!expected.getFields().equals(schema.getFields())) {
      throw InvalidInputException.of("rollout batch: schema %s does not match the rollout schema %s",
          schema.getFields(), expected.getFields());
    }
  }

  @Override
  public void close() {
    root.close();
  }
}
