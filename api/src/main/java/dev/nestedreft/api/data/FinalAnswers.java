package dev.nestedreft.api.data;

import java.util.Optional;

/**
 * The final answer as datasets write it: after the last {@code ####} (GSM8K) or inside the last
 * {@code \boxed{...}} (MATH), and the {@code #### answer} line a worked solution ends with.
 */
final class FinalAnswers {
  private static final String HASH = "####";
  private static final String BOXED = "\\boxed{";

  private FinalAnswers() {}

  /** The text after the last {@code ####}, trimmed, commas removed; empty when there is no marker or no text. */
  static Optional<String> afterHash(String text) {
    int at = text.lastIndexOf(HASH);
    if (at < 0) {
      return Optional.empty();
    }
    String answer = text.substring(at + HASH.length()).strip().replace(",", "");
    return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
  }

  /**
   * The content of the last {@code \boxed{...}} whose braces balance, nested braces included
   * ({@code \boxed{\frac{1}{2}}} gives {@code \frac{1}{2}}); escaped braces ({@code \{}) do not count. Empty when
   * there is no such box or it holds only blanks.
   */
  static Optional<String> lastBoxed(String text) {
    for (int at = text.lastIndexOf(BOXED); at >= 0; at = text.lastIndexOf(BOXED, at - 1)) {
      int start = at + BOXED.length();
      int end = closingBrace(text, start);
      if (end >= 0) {
        String content = text.substring(start, end).strip();
        return content.isEmpty() ? Optional.empty() : Optional.of(content);
      }
    }
    return Optional.empty();
  }

  /** The index of the brace closing the one opened just before {@code start}, or -1 when it never closes. */
  private static int closingBrace(String text, int start) {
    int depth = 1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code solution} ending in {@code #### reference}: unchanged when its last {@code ####} already gives the
   * reference, else with that line appended; just {@code #### reference} when there is no solution.
   */
  static String withMarker(String solution, String reference) {
    String marker = HASH + " " + reference;
    if (solution == null || solution.isBlank()) {
      return marker;
    }
    String body = solution.stripTrailing();
    if (afterHash(body).filter(reference.replace(",", "")::equals).isPresent()) {
      return body;
    }
    return body + "\n" + marker;
  }
}
