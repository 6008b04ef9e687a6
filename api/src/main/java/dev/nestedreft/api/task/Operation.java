package dev.nestedreft.api.task;

/** The arithmetic operations of {@link ArithTask}, with their symbol and their name in canonical keys. */
enum Operation {
  ADD('+', "add", true),
  SUB('-', "sub", false),
  MUL('*', "mul", true);

  private final char symbol;
  private final String keyName;
  private final boolean commutative;

  Operation(char symbol, String keyName, boolean commutative) {
    this.symbol = symbol;
    this.keyName = keyName;
    this.commutative = commutative;
  }

  char symbol() {
    return symbol;
  }

  String keyName() {
    return keyName;
  }

  boolean commutative() {
    return commutative;
  }

  long apply(long a, long b) {
    return switch (this) {
      case ADD -> Math.addExact(a, b);
      case SUB -> Math.subtractExact(a, b);
      case MUL -> Math.multiplyExact(a, b);
    };
  }

  /** {@code "a+b=r"}. */
  String step(long a, long b) {
    return Long.toString(a) + symbol + b + "=" + apply(a, b);
  }
}
