package dev.nestedreft.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nestedreft.spi.model.ModelSpec;
import dev.nestedreft.spi.rollout.GenerationStats;
import dev.nestedreft.spi.rollout.Prompt;
import dev.nestedreft.spi.rollout.SamplingParams;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code generate} call on the decode graph. With the key-value cache: every distinct prompt is prefilled
 * once (left-padded to the longest), its cache rows are replicated to its samples, and each step feeds one token
 * per sequence. Finished sequences are dropped from the cache once a quarter of the rows have finished. Without
 * the cache (the benchmark's baseline), every step re-runs the whole sequence so far.
 *
 * <p>Padding: prompts are left-padded; the attention bias hides padded keys from every query and future keys from
 * each query, and positions count real tokens only, so a padded row computes exactly what it would alone.
 */
final class OrtGeneration {
  /** Drop finished rows from the cache once at least this fraction of the rows have finished. */
  static final double COMPACTION_FRACTION = 0.25;

  private final OrtSession session;
  private final ModelSpec spec;
  private final Map<String, OnnxTensor> weights;
  private final int slots;
  private final SamplingParams params;
  private final List<Sequence> sequences = new ArrayList<>();
  private final List<Prompt> prompts;
  private final int samplesPerPrompt;
  private long prefillNanos;
  private long decodeNanos;
  private long inputNanos;
  private long samplingNanos;
  private long compactionNanos;
  private int steps;

  OrtGeneration(OrtSession session, ModelSpec spec, Map<String, OnnxTensor> weights, int slots,
      List<Prompt> prompts, int samplesPerPrompt, SamplingParams params) {
    this.session = session;
    this.spec = spec;
    this.weights = weights;
    this.slots = slots;
    this.params = params;
    this.prompts = prompts;
    this.samplesPerPrompt = samplesPerPrompt;
    for (int p = 0; p < prompts.size(); p++) {
      for (int s = 0; s < samplesPerPrompt; s++) {
        sequences.add(new Sequence(prompts.get(p).id(), p, s, prompts.get(p).tokens(), params.maxNewTokens(),
            params.seed()));
      }
    }
  }

  List<Sequence> sequences() {
    return sequences;
  }

  GenerationStats stats(long totalNanos) {
    long tokens = 0;
    for (Sequence s : sequences) {
      tokens += s.generated();
    }
    return new GenerationStats(sequences.size(), tokens, steps, prefillNanos, decodeNanos, inputNanos,
        samplingNanos, compactionNanos, totalNanos);
  }

  /** Generates with the key-value cache. */
  void runWithCache() throws OrtException {
    int vocab = spec.vocabSize();
    try (KvCache cache = new KvCache(slots, spec.numKeyValueHeads(), spec.headDim())) {
      // Prefill each distinct prompt once.
      long start = System.nanoTime();
      int[][] rows = new int[prompts.size()][];
      for (int p = 0; p < rows.length; p++) {
        rows[p] = prompts.get(p).tokens();
      }
      cache.empty(rows.length);
      int width = maxLength(rows);
      int[] pads = new int[rows.length];
      float[] logits;
      try (StepInputs in = StepInputs.padded(rows, width, pads)) {
        OrtSession.Result result = run(in, cache);
        cache.adopt(result, rows.length); // the cache owns the result from here, whatever happens next
        logits = logits(result);
      }
      int[] rowPads = new int[sequences.size()];
      for (int i = 0; i < sequences.size(); i++) {
        rowPads[i] = pads[sequences.get(i).promptIndex];
      }
      long sampleStart = System.nanoTime();
      for (Sequence s : sequences) {
        s.draw(logits, s.promptIndex * vocab, vocab, params);
      }
      long firstDraw = System.nanoTime() - sampleStart;
      samplingNanos += firstDraw;
      if (samplesPerPrompt > 1) {
        int[] sources = new int[sequences.size()];
        for (int i = 0; i < sources.length; i++) {
          sources[i] = sequences.get(i).promptIndex;
        }
        cache.gather(sources);
      }
      prefillNanos += System.nanoTime() - start - firstDraw;
      // kvRows[r] is the sequence at cache row r.
      int[] kvRows = new int[sequences.size()];
      for (int i = 0; i < kvRows.length; i++) {
        kvRows[i] = i;
      }
      while (anyActive(kvRows)) {
        long inputStart = System.nanoTime();
        StepInputs in = StepInputs.decode(sequences, kvRows, rowPads, cache.length());
        inputNanos += System.nanoTime() - inputStart;
        long runStart = System.nanoTime();
        try (in) {
          OrtSession.Result result = run(in, cache);
          cache.adopt(result, kvRows.length); // the cache owns the result from here, whatever happens next
          logits = logits(result);
        }
        decodeNanos += System.nanoTime() - runStart;
        steps++;
        long drawStart = System.nanoTime();
        int finished = 0;
        for (int r = 0; r < kvRows.length; r++) {
          Sequence s = sequences.get(kvRows[r]);
          if (!s.finished()) {
            s.draw(logits, r * vocab, vocab, params);
          }
          if (s.finished()) {
            finished++;
          }
        }
        samplingNanos += System.nanoTime() - drawStart;
        if (finished > 0 && finished < kvRows.length && finished >= COMPACTION_FRACTION * kvRows.length) {
          long compactStart = System.nanoTime();
          int[] sources = new int[kvRows.length - finished];
          int[] next = new int[sources.length];
          int n = 0;
          for (int r = 0; r < kvRows.length; r++) {
            if (!sequences.get(kvRows[r]).finished()) {
              sources[n] = r;
              next[n++] = kvRows[r];
            }
          }
          cache.gather(sources);
          int[] nextPads = new int[next.length];
          for (int i = 0; i < next.length; i++) {
            nextPads[i] = rowPads[sources[i]];
          }
          kvRows = next;
          rowPads = nextPads;
          compactionNanos += System.nanoTime() - compactStart;
        }
      }
    }
  }

  /** Generates by re-running every sequence's whole prefix at every step (no cache). */
  void runWithoutCache() throws OrtException {
    int vocab = spec.vocabSize();
    try (KvCache cache = new KvCache(slots, spec.numKeyValueHeads(), spec.headDim())) {
      List<Sequence> active = new ArrayList<>(sequences);
      while (!active.isEmpty()) {
        long inputStart = System.nanoTime();
        int[][] rows = new int[active.size()][];
        for (int i = 0; i < rows.length; i++) {
          Sequence s = active.get(i);
          rows[i] = new int[s.totalLength()];
          for (int t = 0; t < rows[i].length; t++) {
            rows[i][t] = s.tokenAt(t);
          }
        }
        cache.empty(rows.length);
        StepInputs in = StepInputs.padded(rows, maxLength(rows), new int[rows.length]);
        inputNanos += System.nanoTime() - inputStart;
        float[] logits;
        long runStart = System.nanoTime();
        try (in; OrtSession.Result result = run(in, cache)) {
          logits = logits(result);
        }
        decodeNanos += System.nanoTime() - runStart;
        steps++;
        long drawStart = System.nanoTime();
        for (int i = 0; i < active.size(); i++) {
          active.get(i).draw(logits, i * vocab, vocab, params);
        }
        active.removeIf(Sequence::finished);
        samplingNanos += System.nanoTime() - drawStart;
      }
    }
  }

  private OrtSession.Result run(StepInputs in, KvCache cache) throws OrtException {
    Map<String, OnnxTensorLike> feed = new HashMap<>(weights);
    feed.putAll(cache.inputs());
    feed.put(OnnxDecodeGraph.INPUT_IDS, in.ids);
    feed.put(OnnxDecodeGraph.POSITION_IDS, in.positions);
    feed.put(OnnxDecodeGraph.ATTENTION_BIAS, in.bias);
    return session.run(feed);
  }

  private static float[] logits(OrtSession.Result result) {
    FloatBuffer buffer = ((OnnxTensor) result.get(OnnxDecodeGraph.LOGITS).orElseThrow()).getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private boolean anyActive(int[] kvRows) {
    for (int r : kvRows) {
      if (!sequences.get(r).finished()) {
        return true;
      }
    }
    return false;
  }

  private static int maxLength(int[][] rows) {
    int max = 0;
    for (int[] r : rows) {
      max = Math.max(max, r.length);
    }
    return max;
  }

  /** The per-step inputs: token ids, positions and the additive attention bias. */
  private static final class StepInputs implements AutoCloseable {
    final OnnxTensor ids;
    final OnnxTensor positions;
    final OnnxTensor bias;

    private StepInputs(OnnxTensor ids, OnnxTensor positions, OnnxTensor bias) {
      this.ids = ids;
      this.positions = positions;
      this.bias = bias;
    }

    /**
     * Whole rows, left-padded to {@code width}, with a causal mask; {@code padsOut[r]} receives row r's padding.
     */
    static StepInputs padded(int[][] rows, int width, int[] padsOut) throws OrtException {
      int n = rows.length;
      long[] ids = new long[n * width];
      long[] positions = new long[n * width];
      FloatBuffer bias = direct(n * width * width);
      for (int r = 0; r < n; r++) {
        int pad = width - rows[r].length;
        padsOut[r] = pad;
        for (int t = 0; t < width; t++) {
          ids[r * width + t] = t < pad ? 0 : rows[r][t - pad];
          positions[r * width + t] = Math.max(0, t - pad);
          for (int j = 0; j < width; j++) {
            bias.put((r * width + t) * width + j, j < pad || j > t ? OnnxBlocks.MASKED : 0f);
          }
        }
      }
      return create(ids, positions, bias, n, width, width);
    }

    /** One token per cache row; keys {@code [0, pad)} of each row stay hidden. */
    static StepInputs decode(List<Sequence> sequences, int[] kvRows, int[] pads, int pastLength)
        throws OrtException {
      int n = kvRows.length;
      int total = pastLength + 1;
      long[] ids = new long[n];
      long[] positions = new long[n];
      FloatBuffer bias = direct(n * total);
      for (int r = 0; r < n; r++) {
        Sequence s = sequences.get(kvRows[r]);
        ids[r] = s.lastToken();
        positions[r] = s.totalLength() - 1;
        for (int j = 0; j < pads[r]; j++) {
          bias.put(r * total + j, OnnxBlocks.MASKED);
        }
      }
      return create(ids, positions, bias, n, 1, total);
    }

    private static FloatBuffer direct(int floats) {
      return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static StepInputs create(long[] ids, long[] positions, FloatBuffer bias, int rows, int seq, int total)
        throws OrtException {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OnnxTensor idsTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {rows, seq});
      OnnxTensor posTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {rows, seq});
      OnnxTensor biasTensor = OnnxTensor.createTensor(env, bias, new long[] {rows, 1, seq, total});
      return new StepInputs(idsTensor, posTensor, biasTensor);
    }

    @Override
    public void close() {
      ids.close();
      positions.close();
      bias.close();
    }
  }
}
