package dev.nestedreft.tck.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hostile model output for reward functions: a fixed list of cases that have broken answer parsers (empty text,
 * markers without numbers, unbalanced braces, huge and malformed numbers, unicode digits and dashes, lone
 * surrogates, control characters, 100,000-character texts), and seeded random mixtures of their fragments and of
 * arbitrary UTF-16 code units. The same seed gives the same corpus on every machine.
 */
public final class NastyText {
  /** Pieces the random texts are made of: answer markers, numbers, signs, braces and odd characters. */
  private static final String[] FRAGMENTS = {"####", "#### ", "\\boxed{", "}", "{", "\\frac{", "\\dfrac", "\\,",
      "{,}", "answer is", "The final answer is ", "ANSWER IS", "=", "-", "+", "−", "—", "$", "%", ".", ",", "/", "e",
      "E", "e-", "0", "1", "7", "42", "-3", "1,234", "3.14", "1e3", "2.5E-3", "1/2", "-0", "NaN", "Infinity",
      "99999999999999999999", "0.000000000001", "\n", "\r\n", "\t", " ", "\u00a0", "\u200b", "\ufeff", "\u0000",
      "\u202e", "\u0301", "\ud83d\ude00", "\ud835\udfd2", "\ud800", "\udc00", "\uff14\uff12", "\u0661\u0662",
      "\u00b2", "\u216b", "x", "step", "Therefore"};

  private NastyText() {}

  /** The fixed cases: each has broken some parser somewhere. */
  public static List<String> fixed() {
    List<String> out = new ArrayList<>(List.of("", " ", "\n", "\t\r\n", "\u0000", "\ufeff42", "####", "#### ",
        "####\n", "#### #### ####", "#### abc", "#### $", "\\boxed{", "\\boxed{}", "\\boxed{ }", "\\boxed{{{{{",
        "}}}}}}\\boxed{1}", "\\boxed{\\frac{1}{0}}", "\\frac{1}{0}", "1/0", "0/0", "\\frac{}{}", "\\dfrac{3}{",
        "NaN", "-NaN", "Infinity", "-Infinity", "1e999999999", "1e-999999999", "1e", "e5", "1e+", "--5", "+-+-3",
        "-", ".", "..", "1.2.3.4", "0x1F", "1_000", "1,,,,2", ",", "$$$", "%%%", "answer is", "The answer is",
        "answer is\n42", "ANSWER IS -", "x=-", "3-5", "-0", "-0.0", "0.0e0",
        "\u0661\u0662\u0663", "\uff14\uff12", "\u00b2\u00b3", "\u216b", "\ud835\udfd2\ud835\udfd0", "\ud800",
        "\udc00", "a\ud800b", "\ud83d\ude00 #### 42 \ud83d\ude00", "\u202eanswer is 24", "4\u0301 2\u0301",
        "4\u200b2", "\u22125", "\u2014", "\u00a042", "#### \u22127", "\\boxed{\u22123}"));
    out.add("9".repeat(5000));
    out.add("-" + "9".repeat(1001));
    out.add("0." + "0".repeat(2000) + "1");
    out.add("1" + ",000".repeat(2000));
    out.add("1e" + "9".repeat(30));
    out.add("#### " + "1".repeat(100_000));
    out.add("#".repeat(10_000));
    out.add("\\boxed{".repeat(5000));
    out.add("{".repeat(20_000) + "1" + "}".repeat(19_999));
    out.add("answer is ".repeat(10_000));
    out.add("1/".repeat(10_000) + "1");
    out.add("\\frac{1}{".repeat(3000));
    out.add(random(new SplittableRandom(0x5eed), 100_000));
    return out;
  }

  /**
   * {@link #fixed()} followed by {@code count} random texts from {@code seed}: each a mixture of up to 40
   * fragments (markers, numbers, signs, braces, unicode) and arbitrary UTF-16 code units, unpaired surrogates
   * included.
   */
  public static List<String> corpus(long seed, int count) {
    List<String> out = fixed();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(41);
      for (int p = 0; p < pieces; p++) {
        if (random.nextInt(4) == 0) {
          text.append((char) random.nextInt(Character.MAX_VALUE + 1));
        } else {
          text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
      }
      out.add(text.toString());
    }
    return out;
  }

  /** {@code length} arbitrary UTF-16 code units, biased towards digits and markers. */
  private static String random(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      if (random.nextBoolean()) {
        text.append((char) random.nextInt(Character.MAX_VALUE + 1));
      } else {
        text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
    }
    text.setLength(length);
    return text.toString();
  }

  /** A short, printable description of {@code text} for assertion messages: its length and escaped start. */
  public static String describe(String text) {
    StringBuilder out = new StringBuilder();
    int shown = Math.min(text.length(), 60);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return "\"" + out + (text.length() > shown ? "...\" (" + text.length() + " chars)" : "\"");
  }
}
