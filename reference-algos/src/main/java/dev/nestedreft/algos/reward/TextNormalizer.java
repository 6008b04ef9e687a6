package dev.nestedreft.algos.reward;

/**
 * The character-level clean-up applied to a whole text before answers are searched for. Each rewrite is local,
 * so positions in the result still follow the original text closely:
 *
 * <ul>
 *   <li>the unicode minus (U+2212) and the other dashes and hyphens (U+2010 to U+2015, U+FE58, U+FE63, U+FF0D)
 *       become {@code -};
 *   <li>LaTeX thousands separators {@code {,}} and {@code \,}, and the thin spaces U+2009 and U+202F, become
 *       {@code ,} (so {@code 1{,}234} and {@code 1\,234} read as 1,234);
 *   <li>the no-break space U+00A0 becomes a space.
 * </ul>
 */
final class TextNormalizer {
  private TextNormalizer() {}

  static String normalize(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (isDash(c)) {
        out.append('-');
      } else if (c == '\u2009' || c == '\u202F') {
        out.append(',');
      } else if (c == '\u00A0') {
        out.append(' ');
      } else if (c == '{' && text.startsWith("{,}", i)) {
        out.append(',');
        i += 2;
      } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == ',') {
        out.append(',');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isDash(char c) {
    return c == '\u2212' || (c >= '\u2010' && c <= '\u2015') || c == '\uFE58' || c == '\uFE63' || c == '\uFF0D';
  }
}
