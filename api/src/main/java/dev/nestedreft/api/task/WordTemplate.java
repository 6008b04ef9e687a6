package dev.nestedreft.api.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two-step word problems of {@link ArithTask}: {@code (a op1 b) op2 c}, the numbers appearing in the text in
 * the order {@code a, b, c}. Operand ranges keep every intermediate and final result {@code >= 0} and the prompt
 * within {@link ArithTask#MAX_PROMPT_CHARS}. Placeholders: {@code {n}} a name, {@code {i}} a plural object,
 * {@code {a}}, {@code {b}}, {@code {c}} the operands.
 */
enum WordTemplate {
  /** {@code a + b - c}. */
  GAIN_LOSS("{n} has {a} {i}, gets {b}, gives away {c}. How many?", Operation.ADD, Operation.SUB) {
    @Override
    long[] drawOperands(SplitMix64 rng) {
      int a = rng.between(2, 99);
      int b = rng.between(1, 99);
      return new long[] {a, b, rng.between(1, a + b)};
    }

    @Override
    long[] largestOperands() {
      return new long[] {99, 99, 198};
    }
  },
  /** {@code a - b + c}. */
  LOSS_GAIN("{n} had {a} {i}, lost {b}, found {c}. How many now?", Operation.SUB, Operation.ADD) {
    @Override
    long[] drawOperands(SplitMix64 rng) {
      int a = rng.between(2, 99);
      return new long[] {a, rng.between(1, a), rng.between(1, 99)};
    }

    @Override
    long[] largestOperands() {
      return new long[] {99, 99, 99};
    }
  },
  /** {@code a * b + c}. */
  BAGS_PLUS("{n} has {a} bags of {b} {i} and {c} more. How many?", Operation.MUL, Operation.ADD) {
    @Override
    long[] drawOperands(SplitMix64 rng) {
      return new long[] {rng.between(2, 9), rng.between(2, 20), rng.between(1, 99)};
    }

    @Override
    long[] largestOperands() {
      return new long[] {9, 20, 99};
    }
  },
  /** {@code a * b - c}. */
  BOXES_MINUS("{n} has {a} boxes of {b} {i}, sells {c}. How many left?", Operation.MUL, Operation.SUB) {
    @Override
    long[] drawOperands(SplitMix64 rng) {
      int a = rng.between(2, 9);
      int b = rng.between(2, 20);
      return new long[] {a, b, rng.between(1, a * b)};
    }

    @Override
    long[] largestOperands() {
      return new long[] {9, 20, 180};
    }
  },
  /** {@code (a + b) * c}. */
  GROUPS("{a} boys and {b} girls get {c} {i} each. How many in all?", Operation.ADD, Operation.MUL) {
    @Override
    long[] drawOperands(SplitMix64 rng) {
      return new long[] {rng.between(2, 20), rng.between(2, 20), rng.between(2, 9)};
    }

    @Override
    long[] largestOperands() {
      return new long[] {20, 20, 9};
    }
  };

  private static final List<String> NAMES = List.of("Tom", "Ann", "Bob", "Eva", "Max", "Sam", "Zoe", "Ben");
  private static final List<String> OBJECTS =
      List.of("apples", "pears", "pens", "cards", "eggs", "coins", "books", "stamps");

  private final String text;
  private final Operation first;
  private final Operation second;

  WordTemplate(String text, Operation first, Operation second) {
    this.text = text;
    this.first = first;
    this.second = second;
  }

  Operation first() {
    return first;
  }

  Operation second() {
    return second;
  }

  /** The name of the template in canonical keys, e.g. {@code gain_loss}. */
  String keyName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Fresh operands {@code {a, b, c}}. */
  abstract long[] drawOperands(SplitMix64 rng);

  /** The largest operands {@link #drawOperands} can give, each alone: the most digits each can take. */
  abstract long[] largestOperands();

  /**
   * The question with the largest operands under every name and object: the longest texts of this template, one
   * per surface.
   */
  List<String> longestRenderings() {
    long[] x = largestOperands();
    List<String> out = new ArrayList<>();
    for (String name : NAMES) {
      for (String object : OBJECTS) {
        out.add(text.replace("{n}", name).replace("{i}", object).replace("{a}", Long.toString(x[0]))
            .replace("{b}", Long.toString(x[1])).replace("{c}", Long.toString(x[2])));
      }
    }
    return out;
  }

  /**
   * The question for the operands; the name and object are picked by {@code surface}, a hash of the problem's
   * key, so a problem always reads the same.
   */
  String render(long a, long b, long c, long surface) {
    String name = NAMES.get((int) Long.remainderUnsigned(surface, NAMES.size()));
    String object = OBJECTS.get((int) Long.remainderUnsigned(surface >>> 32, OBJECTS.size()));
    return text.replace("{n}", name).replace("{i}", object).replace("{a}", Long.toString(a))
        .replace("{b}", Long.toString(b)).replace("{c}", Long.toString(c));
  }
}
