package dev.nestedreft.api.task;

import java.util.ArrayList;
import java.util.List;

/**
 * Draws and formats the problems of {@link ArithTask}, whatever their split (the task filters by split).
 *
 * <p>A level is drawn uniformly in {@code [1, maxDifficulty]}. A single-operation problem of level {@code L}
 * has operands of at most {@code L} digits, at least one with exactly {@code L} (level 1: 0 to 9), an operation
 * drawn uniformly among {@code + - *}, and, for {@code -}, the larger operand first so that answers are
 * {@code >= 0}. At level 1, half the problems are two-step chains of one-digit operands instead ({@link #chain});
 * at level 3, half are two-step word problems ({@link WordTemplate}, drawn uniformly).
 */
final class ProblemGenerator {
  private static final Operation[] OPERATIONS = Operation.values();
  private static final WordTemplate[] TEMPLATES = WordTemplate.values();

  private ProblemGenerator() {}

  static Problem draw(SplitMix64 rng, int maxDifficulty, long id) {
    int level = rng.between(ArithTask.MIN_DIFFICULTY, maxDifficulty);
    if (level == ArithTask.MAX_DIFFICULTY && rng.between(0, 1) == 1) {
      WordTemplate template = TEMPLATES[rng.between(0, TEMPLATES.length - 1)];
      long[] x = template.drawOperands(rng);
      return word(template, x[0], x[1], x[2], id);
    }
    if (level == ArithTask.MIN_DIFFICULTY && rng.between(0, 1) == 1) {
      return drawChain(rng, id);
    }
    Operation op = OPERATIONS[rng.between(0, OPERATIONS.length - 1)];
    int max = pow10(level) - 1;
    int min = level == 1 ? 0 : pow10(level - 1);
    long a;
    long b;
    do {
      a = rng.between(0, max);
      b = rng.between(0, max);
    } while (Math.max(a, b) < min);
    if (op == Operation.SUB && a < b) {
      long t = a;
      a = b;
      b = t;
    }
    return single(op, a, b, id);
  }

  /**
   * A level-1 chain {@code a op1 b op2 c} of one-digit operands: {@code op1} uniform among {@code + - *} (for
   * {@code -} the larger operand first), {@code op2} uniform among {@code + -}, and {@code c} from 0 to 9, at most
   * the first result when {@code op2} is {@code -}.
   */
  private static Problem drawChain(SplitMix64 rng, long id) {
    Operation first = OPERATIONS[rng.between(0, OPERATIONS.length - 1)];
    long a = rng.between(0, 9);
    long b = rng.between(0, 9);
    if (first == Operation.SUB && a < b) {
      long t = a;
      a = b;
      b = t;
    }
    Operation second = rng.between(0, 1) == 0 ? Operation.ADD : Operation.SUB;
    long s = first.apply(a, b);
    long c = rng.between(0, second == Operation.SUB ? (int) Math.min(9, s) : 9);
    return chain(first, a, b, second, c, id);
  }

  /** {@code a op b}: prompt {@code "Q: a op b=?\nA:"}, solution {@code " a op b=r #### r"}. */
  static Problem single(Operation op, long a, long b, long id) {
    long r = op.apply(a, b);
    String key = operandKey(op, a, b);
    String prompt = "Q: " + a + op.symbol() + b + "=?\nA:";
    String solution = " " + op.step(a, b) + " #### " + r;
    return new Problem(id, digits(Math.max(a, b)), prompt, r, solution, key);
  }

  /**
   * {@code (a op1 b) op2 c}, left to right ({@code op2} is never {@code *}, so this is also the usual
   * precedence): prompt {@code "Q: a op1 b op2 c=?\nA:"}, solution {@code " a op1 b=s s op2 c=r #### r"}; key
   * {@code "chain:<op1 key>|<op2>:c"}, so {@code 3+5-2} and {@code 5+3-2} share one.
   */
  static Problem chain(Operation first, long a, long b, Operation second, long c, long id) {
    long s = first.apply(a, b);
    long r = second.apply(s, c);
    String key = "chain:" + operandKey(first, a, b) + "|" + second.keyName() + ":" + c;
    String prompt = "Q: " + a + first.symbol() + b + second.symbol() + c + "=?\nA:";
    String solution = " " + first.step(a, b) + " " + second.step(s, c) + " #### " + r;
    return new Problem(id, ArithTask.MIN_DIFFICULTY, prompt, r, solution, key);
  }

  /** {@code "add:3,5"}: the operation and the operands, sorted when the operation is commutative. */
  private static String operandKey(Operation op, long a, long b) {
    return op.keyName() + ":" + (op.commutative() ? Math.min(a, b) + "," + Math.max(a, b) : a + "," + b);
  }

  /** A word problem: solution {@code " a op1 b=s s op2 c=r #### r"}; always level 3. */
  static Problem word(WordTemplate template, long a, long b, long c, long id) {
    long s = template.first().apply(a, b);
    long r = template.second().apply(s, c);
    String key = template.keyName() + ":" + a + "," + b + "," + c;
    String prompt = "Q: " + template.render(a, b, c, SplitMix64.hash(key)) + "\nA:";
    String solution = " " + template.first().step(a, b) + " " + template.second().step(s, c) + " #### " + r;
    return new Problem(id, ArithTask.MAX_DIFFICULTY, prompt, r, solution, key);
  }

  /**
   * Prompts that bound the length of every prompt {@link #draw} can give up to {@code maxDifficulty}: every level-1
   * prompt (single operations and chains, 6,300), and for the higher levels each operation with operands of the
   * level's full digit count, written with nines and as a one followed by zeros, and each word template with its
   * largest operands under every name and object. A tokenizer that spends a token per character or per digit (the
   * character tokenizer, Llama's and Qwen2's) takes its most tokens on one of them.
   */
  static List<String> longestPromptCandidates(int maxDifficulty) {
    List<String> out = new ArrayList<>();
    for (Operation op : OPERATIONS) {
      for (long a = 0; a <= 9; a++) {
        for (long b = 0; b <= 9; b++) {
          if (op == Operation.SUB && a < b) {
            continue;
          }
          out.add(single(op, a, b, 0).prompt());
          for (Operation second : new Operation[] {Operation.ADD, Operation.SUB}) {
            long s = op.apply(a, b);
            for (long c = 0; c <= (second == Operation.SUB ? Math.min(9, s) : 9); c++) {
              out.add(chain(op, a, b, second, c, 0).prompt());
            }
          }
        }
      }
    }
    for (int level = ArithTask.MIN_DIFFICULTY + 1; level <= maxDifficulty; level++) {
      long nines = pow10(level) - 1;
      long round = pow10(level - 1);
      for (Operation op : OPERATIONS) {
        out.add(single(op, nines, nines, 0).prompt());
        out.add(single(op, round, round, 0).prompt());
      }
    }
    if (maxDifficulty >= ArithTask.MAX_DIFFICULTY) {
      for (WordTemplate template : TEMPLATES) {
        template.longestRenderings().forEach(q -> out.add("Q: " + q + "\nA:"));
      }
    }
    return out;
  }

  private static int pow10(int exponent) {
    int p = 1;
    for (int i = 0; i < exponent; i++) {
      p *= 10;
    }
    return p;
  }

  private static int digits(long n) {
    return Long.toString(n).length();
  }
}
