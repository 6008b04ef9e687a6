package dev.nestedreft.spi.backend;

import static com.google.common.base.Preconditions.checkArgument;

import dev.nestedreft.spi.InvalidInputException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A rectangular batch of token ids, {@code [batch, length]}, every row the same length. Immutable.
 */
public final class TokenBatch {
  private final int batch;
  private final int length;
  private final int[] ids;

  private TokenBatch(int batch, int length, int[] ids) {
    this.batch = batch;
    this.length = length;
    this.ids = ids;
  }

  /** Copies {@code rows}; every row must have the same, non-zero length. */
  public static TokenBatch of(int[]... rows) {
    checkArgument(rows.length > 0, "a token batch needs at least one row");
    int length = rows[0].length;
    if (length == 0) {
      throw new InvalidInputException("token batch: rows must not be empty");
    }
    int[] ids = new int[rows.length * length];
    for (int b = 0; b < rows.length; b++) {
      if (rows[b].length != length) {
        throw InvalidInputException.of("token batch: row %d has %d tokens, row 0 has %d", b, rows[b].length, length);
      }
      System.arraycopy(rows[b], 0, ids, b * length, length);
    }
    return new TokenBatch(rows.length, length, ids);
  }

  /** A batch of uniformly random ids in {@code [0, vocabSize)}, for checks and benchmarks; seeded. */
  public static TokenBatch random(int vocabSize, int batch, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] rows = new int[batch][length];
    for (int[] row : rows) {
      for (int t = 0; t < length; t++) {
        row[t] = random.nextInt(vocabSize);
      }
    }
    return of(rows);
  }

  /** Checks every id is within {@code [0, vocabSize)}. */
  public void checkVocabulary(int vocabSize) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= vocabSize) {
        throw InvalidInputException.of("token %d at row %d, position %d is outside the vocabulary [0, %d)",
            ids[i], i / length, i % length, vocabSize);
      }
    }
  }

  public int batch() {
    return batch;
  }

  public int length() {
    return length;
  }

  public int at(int row, int position) {
    return ids[row * length + position];
  }

  /** A fresh copy of one row. */
  public int[] row(int row) {
    return Arrays.copyOfRange(ids, row * length, (row + 1) * length);
  }

  /** All ids, row-major; a fresh copy. */
  public int[] flat() {
    return ids.clone();
  }

  /** All ids widened to int64, row-major (what ONNX Runtime expects for {@code input_ids}). */
  public long[] flatLongs() {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }
}
