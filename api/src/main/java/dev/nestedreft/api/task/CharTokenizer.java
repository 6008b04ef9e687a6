package dev.nestedreft.api.task;

import dev.nestedreft.spi.text.Tokenizer;

/**
 * A character-level tokenizer over printable ASCII (32 to 126) and the newline, sized for the generated presets
 * (whose vocabulary is 128). Stateless and thread-safe.
 *
 * <p><b>Ids.</b> 0 is padding, 1 beginning of sequence, 2 end of sequence, 3 the unknown character; 4 is
 * {@code '\n'}; 5 to 99 are the characters {@code ' '} (32) to {@code '~'} (126) in order. The vocabulary size is
 * therefore 100.
 *
 * <p><b>Encoding</b> never throws for a non-null text: each code point outside the alphabet (a tab, a carriage
 * return, {@code é}, an emoji) becomes one unknown id. No bos or eos is added.
 *
 * <p><b>Decoding</b> never throws either: pad and bos ids are skipped, decoding stops at the first eos (which is
 * not part of the text), and the unknown id, as well as any id outside {@code [0, 100)} (a model with a larger
 * vocabulary may sample one), decodes to the replacement character U+FFFD. So {@code decode(encode(s)) == s}
 * exactly when every character of {@code s} is in the alphabet.
 */
public final class CharTokenizer implements Tokenizer {
  public static final String NAME = "char-ascii";
  public static final int PAD_ID = 0;
  public static final int BOS_ID = 1;
  public static final int EOS_ID = 2;
  public static final int UNKNOWN_ID = 3;
  /** What the unknown id, and ids outside the vocabulary, decode to. */
  public static final char REPLACEMENT = '\uFFFD';

  private static final int NEWLINE_ID = 4;
  private static final int FIRST_PRINTABLE_ID = 5;
  private static final char FIRST_PRINTABLE = ' ';
  private static final char LAST_PRINTABLE = '~';
  private static final int VOCAB_SIZE = FIRST_PRINTABLE_ID + (LAST_PRINTABLE - FIRST_PRINTABLE + 1);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public int bosId() {
    return BOS_ID;
  }

  @Override
  public int eosId() {
    return EOS_ID;
  }

  @Override
  public int padId() {
    return PAD_ID;
  }

  /** The id every character outside the alphabet encodes to. */
  public int unknownId() {
    return UNKNOWN_ID;
  }

  /** Whether {@code codePoint} is in the alphabet, i.e. encodes to an id other than the unknown one. */
  public boolean canEncode(int codePoint) {
    return codePoint == '\n' || (codePoint >= FIRST_PRINTABLE && codePoint <= LAST_PRINTABLE);
  }

  /** One id per code point of {@code text}; characters outside the alphabet become {@link #UNKNOWN_ID}. */
  @Override
  public int[] encode(String text) {
    return text.codePoints().map(CharTokenizer::idOf).toArray();
  }

  /**
   * The text of {@code ids}: pad and bos skipped, stopping at the first eos; the unknown id and ids outside the
   * vocabulary become {@link #REPLACEMENT}.
   */
  @Override
  public String decode(int[] ids) {
    StringBuilder out = new StringBuilder(ids.length);
    for (int id : ids) {
      if (id == EOS_ID) {
        break;
      }
      if (id == PAD_ID || id == BOS_ID) {
        continue;
      }
      out.append(charOf(id));
    }
    return out.toString();
  }

  private static int idOf(int codePoint) {
    if (codePoint == '\n') {
      return NEWLINE_ID;
    }
    if (codePoint >= FIRST_PRINTABLE && codePoint <= LAST_PRINTABLE) {
      return FIRST_PRINTABLE_ID + (codePoint - FIRST_PRINTABLE);
    }
    return UNKNOWN_ID;
  }

  private static char charOf(int id) {
    if (id == NEWLINE_ID) {
      return '\n';
    }
    if (id >= FIRST_PRINTABLE_ID && id < VOCAB_SIZE) {
      return (char) (FIRST_PRINTABLE + (id - FIRST_PRINTABLE_ID));
    }
    return REPLACEMENT;
  }
}
