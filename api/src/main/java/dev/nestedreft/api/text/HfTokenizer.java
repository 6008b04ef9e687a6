package dev.nestedreft.api.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.text.Tokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link Tokenizer} over a Hugging Face model directory's {@code tokenizer.json}, run by the native tokenizers
 * library that DJL's {@code ai.djl.huggingface:tokenizers} jar bundles (extracted once to DJL's cache directory,
 * {@code ~/.djl.ai} unless {@code DJL_CACHE_DIR} says otherwise).
 *
 * <p><b>Offline.</b> Only the local file is read. Before first use this class sets, unless already set, the system
 * properties {@code ai.djl.offline=true} (no hub downloads, no native-library downloads), {@code
 * OPT_OUT_TRACKING=true} (DJL's telemetry call) and {@code RUST_FLAVOR=cpu} (on a CUDA machine DJL would otherwise
 * look for a CUDA build of the library online; tokenization runs on the CPU anyway).
 *
 * <p><b>Special tokens</b> are resolved by {@link SpecialTokens}. {@link #encode} adds none (the trainer places
 * bos itself); text the vocabulary cannot represent becomes the model's unknown id where it has one (byte-level
 * BPE models have none and can encode every string). {@link #decode} skips pad and bos, stops at the first eos,
 * drops ids outside {@code [0, vocabSize())} and lets the library skip the remaining special tokens.
 *
 * <p>{@link #vocabSize} is one more than the largest id of {@code tokenizer.json} (model vocabulary plus added
 * tokens); a model's embedding table may be larger. Holds a native handle: {@link #close} it. Encoding and
 * decoding are thread-safe.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {
  static {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("RUST_FLAVOR", "cpu");
  }

  private final String name;
  private final HuggingFaceTokenizer library;
  private final Vocabulary vocabulary;
  private final SpecialTokens specials;
  private volatile boolean closed;

  private HfTokenizer(String name, HuggingFaceTokenizer library, Vocabulary vocabulary, SpecialTokens specials) {
    this.name = name;
    this.library = library;
    this.vocabulary = vocabulary;
    this.specials = specials;
  }

  /**
   * Loads the tokenizer of the model directory {@code dir}: {@code tokenizer.json} (required), {@code
   * tokenizer_config.json} and {@code generation_config.json} (optional, for the special tokens).
   *
   * @throws InvalidInputException naming the file when one is missing, malformed or names an unknown token
   */
  public static HfTokenizer load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path file = dir.resolve(ModelFiles.TOKENIZER_JSON);
    String text = ModelFiles.readRequired(file);
    JsonNode json = ModelFiles.parse(file, text);
    Vocabulary vocabulary = Vocabulary.of(json, file);
    SpecialTokens specials = SpecialTokens.resolve(dir, vocabulary);
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
              Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(file + ": the tokenizers library rejected it: " + e.getMessage(), e);
    }
    Path dirName = dir.toAbsolutePath().normalize().getFileName();
    return new HfTokenizer("hf:" + (dirName == null ? dir : dirName), tokenizer, vocabulary, specials);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** {@code hf:} and the model directory's name. */
  @Override
  public String name() {
    return name;
  }

  @Override
  public int vocabSize() {
    return vocabulary.size();
  }

  @Override
  public int bosId() {
    return specials.bosId();
  }

  @Override
  public int eosId() {
    return specials.eosId();
  }

  @Override
  public int padId() {
    return specials.padId();
  }

  /** The special tokens, with their text where it is known. */
  public SpecialTokens specialTokens() {
    return specials;
  }

  /** The id unknown text encodes to, where the model has one. */
  public OptionalInt unknownId() {
    return vocabulary.unknownId();
  }

  /** The id of a token (model vocabulary or added token), e.g. {@code "<|im_end|>"}. */
  public OptionalInt idOf(String token) {
    return vocabulary.idOf(token);
  }

  /** The ids of {@code text}, with no special tokens added and no truncation. */
  @Override
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    checkOpen();
    Encoding encoding = library.encode(text, false, false);
    return Arrays.stream(encoding.getIds()).mapToInt(Math::toIntExact).toArray();
  }

  /** The text of {@code ids}: pad and bos skipped, ending before the first eos, out-of-range ids dropped. */
  @Override
  public String decode(int[] ids) {
    checkOpen();
    long[] kept =
        Arrays.stream(ids)
            .takeWhile(id -> id != specials.eosId())
            .filter(id -> id != specials.padId() && id != specials.bosId())
            .filter(id -> id >= 0 && id < vocabulary.size())
            .asLongStream()
            .toArray();
    return kept.length == 0 ? "" : library.decode(kept, true);
  }

  /** Whether {@link #close} has run. */
  public boolean isClosed() {
    return closed;
  }

  /** Frees the native tokenizer; later calls to encode or decode throw IllegalStateException. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      library.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }
}
