package dev.nestedreft.spi.text;

/**
 * Turns text into token ids and back. Ids lie in {@code [0, vocabSize())}; three of them are special: padding,
 * beginning of sequence and end of sequence.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #encode} returns the ids of the text alone: it adds neither bos nor eos, which the caller places
 *       where it needs them. How characters the vocabulary cannot represent are treated is the implementation's
 *       to document.
 *   <li>{@link #decode} accepts any ids, including ones a model sampled outside the tokenizer's vocabulary, and
 *       never throws for them. It skips pad and bos ids and stops at the first eos id, which is not part of the
 *       text.
 * </ul>
 */
public interface Tokenizer {
  /** A short stable name, e.g. for logs and checkpoint metadata. */
  String name();

  /** The number of ids: every id {@link #encode} returns, specials included, is below it. */
  int vocabSize();

  /**
   * The ids of {@code text}, without bos or eos.
   *
   * @throws NullPointerException when {@code text} is null
   */
  int[] encode(String text);

  /** The text of {@code ids}: pad and bos skipped, ending before the first eos. */
  String decode(int[] ids);

  /** The beginning-of-sequence id. */
  int bosId();

  /** The end-of-sequence id. */
  int eosId();

  /** The padding id. */
  int padId();

  /** {@code bos} followed by {@link #encode}'s ids: how prompts are fed to the model. */
  default int[] encodeWithBos(String text) {
    int[] body = encode(text);
    int[] out = new int[body.length + 1];
    out[0] = bosId();
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }
}
