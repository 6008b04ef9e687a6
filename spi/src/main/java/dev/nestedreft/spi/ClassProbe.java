package dev.nestedreft.spi;

/** The side-effect-free availability probe of providers: is a class present, without initialising it. */
public final class ClassProbe {
  private ClassProbe() {}

  /** Whether {@code className} can be loaded from {@code anchor}'s class loader; nothing is initialised. */
  public static boolean present(String className, Class<?> anchor) {
    try {
      Class.forName(className, false, anchor.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
