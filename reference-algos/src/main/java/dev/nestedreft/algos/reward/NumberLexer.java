package dev.nestedreft.algos.reward;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * Reads one numeric expression at a given position of a normalised text ({@link TextNormalizer}). The grammar:
 *
 * <pre>
 *   expression := sign? '$'? (latex-fraction | number ('/' number)?) ('%' | '\%')?
 *   number     := digits (',' ddd)* ('.' digits)? exponent?  |  '.' digits exponent?
 *   exponent   := ('e' | 'E') ('+' | '-')? digits
 *   latex-fraction := ('\frac' | '\dfrac' | '\tfrac') argument argument
 *   argument   := '{' sign? number '}'  |  one digit            (spaces allowed around the parts)
 * </pre>
 *
 * <p>Decisions: a sign counts only where it cannot be a binary minus, that is at the start of the text or after
 * a character that is not a letter, digit, {@code )}, {@code ]}, {@code }}, {@code .} or {@code _}; so
 * {@code 3-5} is 3 and 5, while {@code x=-5} is -5. Thousands groups need one to three leading digits and groups
 * of exactly three ({@code 1,234,567}; {@code 12,34} is two numbers). A percent sign is dropped and the number
 * before it kept as written, so {@code 50%} is 50. Scientific notation is read ({@code 1e3} is 1000), with at
 * most {@value #MAX_EXPONENT_DIGITS} exponent digits. {@code NaN} and {@code Infinity} contain no digits and are
 * not numbers.
 *
 * <p>A token that looks like a number but has no usable value (a zero denominator, more than
 * {@value #MAX_CHARS} characters in one number, an over-long exponent) is still returned, with an empty value, so
 * that it occupies its place in the text without being mistaken for a shorter number.
 *
 * <p>Every read is linear in the length of what it consumes, plus the blanks it skips inside a LaTeX fraction.
 */
final class NumberLexer {
  /** The longest single number, in characters, that is given a value. */
  static final int MAX_CHARS = 1000;

  /** The most exponent digits given a value. */
  static final int MAX_EXPONENT_DIGITS = 4;

  /**
   * A numeric expression in a text.
   *
   * @param start the index of its first character
   * @param end the index after its last character
   * @param value its value, or empty where it has none (see {@link NumberLexer})
   */
  record Token(int start, int end, Optional<BigDecimal> value) {}

  /** A part of an expression: where it ends and its value ({@code null}: none). */
  private record Part(int end, BigDecimal value) {}

  private NumberLexer() {}

  /** The expression that starts exactly at {@code start}, or {@code null} when none does. */
  static Token read(String s, int start) {
    int n = s.length();
    int i = start;
    boolean negative = false;
    char c = s.charAt(i);
    if (c == '-' || c == '+') {
      if (start > 0 && !signMayFollow(s.charAt(start - 1))) {
        return null;
      }
      negative = c == '-';
      i++;
      if (i < n && s.charAt(i) == '$') {
        i++;
      }
      if (i >= n) {
        return null;
      }
    }
    Part body = readLatexFraction(s, i);
    if (body == null) {
      body = readNumber(s, i);
      if (body == null) {
        return null;
      }
      if (body.end() + 1 < n && s.charAt(body.end()) == '/') {
        Part denominator = readNumber(s, body.end() + 1);
        if (denominator != null) {
          body = new Part(denominator.end(), divide(body.value(), denominator.value()));
        }
      }
    }
    int end = body.end();
    if (end < n && s.charAt(end) == '%') {
      end++;
    } else if (s.startsWith("\\%", end)) {
      end += 2;
    }
    BigDecimal value = body.value();
    if (value != null && negative) {
      value = value.negate();
    }
    return new Token(start, end, Optional.ofNullable(value));
  }

  private static boolean signMayFollow(char previous) {
    return !(Character.isLetterOrDigit(previous) || previous == ')' || previous == ']' || previous == '}'
        || previous == '.' || previous == '_');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean digitAt(String s, int i) {
    return i < s.length() && isDigit(s.charAt(i));
  }

  /** An unsigned plain number at {@code start}, or {@code null}. */
  private static Part readNumber(String s, int start) {
    int n = s.length();
    int j = start;
    while (j < n && isDigit(s.charAt(j))) {
      j++;
    }
    int integerDigits = j - start;
    boolean grouped = false;
    if (integerDigits == 0) {
      // ".5" is a number, but not the ".3" of "1.2.3".
      boolean afterNumber = start > 0 && (isDigit(s.charAt(start - 1)) || s.charAt(start - 1) == '.');
      if (afterNumber || !(j < n && s.charAt(j) == '.' && digitAt(s, j + 1))) {
        return null;
      }
    } else if (integerDigits <= 3) {
      while (j + 3 < n && s.charAt(j) == ',' && isDigit(s.charAt(j + 1)) && isDigit(s.charAt(j + 2))
          && isDigit(s.charAt(j + 3)) && !digitAt(s, j + 4)) {
        j += 4;
        grouped = true;
      }
    }
    if (j < n && s.charAt(j) == '.' && digitAt(s, j + 1)) {
      j++;
      while (j < n && isDigit(s.charAt(j))) {
        j++;
      }
    }
    boolean exponentTooLong = false;
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      int digitsFrom = k;
      while (k < n && isDigit(s.charAt(k))) {
        k++;
      }
      if (k > digitsFrom) {
        exponentTooLong = k - digitsFrom > MAX_EXPONENT_DIGITS;
        j = k;
      }
    }
    if (exponentTooLong || j - start > MAX_CHARS) {
      return new Part(j, null);
    }
    String text = s.substring(start, j);
    if (grouped) {
      text = text.replace(",", "");
    }
    try {
      return new Part(j, new BigDecimal(text));
    } catch (NumberFormatException e) {
      return new Part(j, null);
    }
  }

  /** {@code \frac{a}{b}}, {@code \dfrac}, {@code \tfrac} (or {@code \frac12}) at {@code start}, or {@code null}. */
  private static Part readLatexFraction(String s, int start) {
    int j;
    if (s.startsWith("\\frac", start)) {
      j = start + 5;
    } else if (s.startsWith("\\dfrac", start) || s.startsWith("\\tfrac", start)) {
      j = start + 6;
    } else {
      return null;
    }
    Part numerator = readArgument(s, j);
    if (numerator == null) {
      return null;
    }
    Part denominator = readArgument(s, numerator.end());
    if (denominator == null) {
      return null;
    }
    return new Part(denominator.end(), divide(numerator.value(), denominator.value()));
  }

  private static Part readArgument(String s, int start) {
    int n = s.length();
    int j = skipBlanks(s, start);
    if (j >= n) {
      return null;
    }
    if (isDigit(s.charAt(j))) {
      return new Part(j + 1, BigDecimal.valueOf(s.charAt(j) - '0'));
    }
    if (s.charAt(j) != '{') {
      return null;
    }
    j = skipBlanks(s, j + 1);
    boolean negative = false;
    if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
      negative = s.charAt(j) == '-';
      j = skipBlanks(s, j + 1);
    }
    if (j >= n) {
      return null;
    }
    Part number = readNumber(s, j);
    if (number == null) {
      return null;
    }
    j = skipBlanks(s, number.end());
    if (j >= n || s.charAt(j) != '}') {
      return null;
    }
    BigDecimal value = number.value();
    return new Part(j + 1, value != null && negative ? value.negate() : value);
  }

  private static int skipBlanks(String s, int from) {
    int j = from;
    while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
      j++;
    }
    return j;
  }

  /** {@code a / b}; {@code null} when either has no value or {@code b} is zero. */
  private static BigDecimal divide(BigDecimal a, BigDecimal b) {
    if (a == null || b == null || b.signum() == 0) {
      return null;
    }
    try {
      return a.divide(b);
    } catch (ArithmeticException nonTerminating) {
      return a.divide(b, MathContext.DECIMAL128);
    }
  }
}
