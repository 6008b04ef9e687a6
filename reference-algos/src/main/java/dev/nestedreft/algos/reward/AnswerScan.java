package dev.nestedreft.algos.reward;

import dev.nestedreft.algos.reward.NumberLexer.Token;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One left-to-right pass over a normalised text ({@link TextNormalizer}) that records, for each answer marker,
 * the last occurrence that carries a number, and the last number of all. The pass is linear in the length of
 * the text: braces are matched with a depth counter as they go by, never by searching ahead.
 *
 * <ul>
 *   <li>{@link #hash()}: a {@code ####} (or a longer run of {@code #}) followed, after blanks, {@code $} or
 *       {@code *}, by a numeric expression. Other {@code ####}, such as Markdown headings, are not markers.
 *   <li>{@link #boxed()}: the first numeric expression inside a {@code \boxed{...}} whose brace closes. A box
 *       that never closes (a truncated completion) is ignored.
 *   <li>{@link #answerIs()}: the first numeric expression after the words "answer is" (any case: "the answer
 *       is", "The final answer is"), on the same line.
 *   <li>{@link #last()}: the last numeric expression anywhere.
 * </ul>
 */
final class AnswerScan {
  private static final String ANSWER_IS = "answer is";

  /** An open {@code \boxed{}}: its brace depth, where its content starts, its first number. */
  private static final class Box {
    final int depth;
    final int contentStart;
    Token first;

    Box(int depth, int contentStart) {
      this.depth = depth;
      this.contentStart = contentStart;
    }
  }

  private final String text;
  private Token hash;
  private Token boxed;
  private Token answerIs;
  private Token last;
  private boolean wellFormedBox;

  private AnswerScan(String text) {
    this.text = text;
  }

  /** Scans {@code normalized}, which must already have passed through {@link TextNormalizer}. */
  static AnswerScan of(String normalized) {
    AnswerScan scan = new AnswerScan(normalized);
    scan.run();
    return scan;
  }

  /** The last {@code #### number}, or {@code null}. */
  Token hash() {
    return hash;
  }

  /** The number of the last closed {@code \boxed{}} holding one, or {@code null}. */
  Token boxed() {
    return boxed;
  }

  /** The number after the last "answer is" followed by one on its line, or {@code null}. */
  Token answerIs() {
    return answerIs;
  }

  /** The last numeric expression of the text, or {@code null}. */
  Token last() {
    return last;
  }

  /** Whether some {@code \boxed{...}} closes and holds something other than blanks. */
  boolean hasWellFormedBox() {
    return wellFormedBox;
  }

  String text() {
    return text;
  }

  private void run() {
    String s = text;
    int n = s.length();
    Deque<Box> boxes = new ArrayDeque<>();
    int depth = 0;
    boolean awaitingAnswer = false;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '#' && s.startsWith("####", i)) {
        int j = i + 4;
        while (j < n && s.charAt(j) == '#') {
          j++;
        }
        int k = j;
        while (k < n && (s.charAt(k) == ' ' || s.charAt(k) == '\t' || s.charAt(k) == '$' || s.charAt(k) == '*')) {
          k++;
        }
        Token t = k < n ? NumberLexer.read(s, k) : null;
        if (t != null) {
          hash = t;
        }
        i = j; // the number itself is read again below, as a number like any other
      } else if (c == '\\' && s.startsWith("\\boxed", i)) {
        int j = i + 6;
        while (j < n && s.charAt(j) == ' ') {
          j++;
        }
        if (j < n && s.charAt(j) == '{') {
          depth++;
          boxes.push(new Box(depth, j + 1));
          i = j + 1;
        } else {
          i = j;
        }
      } else if ((c == 'a' || c == 'A') && isAnswerIs(s, i)) {
        awaitingAnswer = true;
        i += ANSWER_IS.length();
      } else if (c == '\n') {
        awaitingAnswer = false;
        i++;
      } else if (c == '{') {
        depth++;
        i++;
      } else if (c == '}') {
        if (depth > 0) {
          if (!boxes.isEmpty() && boxes.peek().depth == depth) {
            close(boxes.pop(), i);
          }
          depth--;
        }
        i++;
      } else {
        Token t = NumberLexer.read(s, i);
        if (t == null) {
          i++;
          continue;
        }
        last = t;
        if (awaitingAnswer) {
          answerIs = t;
          awaitingAnswer = false;
        }
        // Boxes without a number yet are the innermost ones: the top of the stack.
        for (Box box : boxes) {
          if (box.first != null) {
            break;
          }
          box.first = t;
        }
        i = t.end();
      }
    }
  }

  /** "answer is" at {@code i} as whole words ("the answer is 5", not "the answer isn't 5"). */
  private static boolean isAnswerIs(String s, int i) {
    int end = i + ANSWER_IS.length();
    return s.regionMatches(true, i, ANSWER_IS, 0, ANSWER_IS.length())
        && (i == 0 || !Character.isLetter(s.charAt(i - 1)))
        && (end == s.length() || !Character.isLetter(s.charAt(end)));
  }

  private void close(Box box, int closingBrace) {
    if (box.first != null) {
      boxed = box.first;
    }
    // Only the leading blanks of each box are looked at; these runs never overlap, so the pass stays linear.
    int j = box.contentStart;
    while (j < closingBrace && Character.isWhitespace(text.charAt(j))) {
      j++;
    }
    wellFormedBox |= j < closingBrace;
  }
}
