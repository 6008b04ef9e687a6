package dev.nestedreft.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that this JVM was started with the options the project needs ({@link BuildInfo#jvmOptions()}: the
 * {@code --add-opens} flags Ray's serializer and Arrow's memory access rely on), so that a missing one is reported
 * at once, by name, rather than as an {@code InaccessibleObjectException} deep inside a library (Ray 2.7.0's LOCAL
 * mode answers one with {@code System.exit(-1)}).
 */
public final class JvmOptions {
  private static final Pattern ADD_OPENS = Pattern.compile("--add-opens[= ]([\\w.]+)/([\\w.]+)=ALL-UNNAMED");

  private JvmOptions() {}

  /** The options of {@code required} this JVM lacks, in order; options other than {@code --add-opens} are assumed. */
  public static List<String> missing(List<String> required) {
    Module unnamed = JvmOptions.class.getClassLoader().getUnnamedModule();
    List<String> out = new ArrayList<>();
    for (String option : required) {
      Matcher m = ADD_OPENS.matcher(option);
      if (!m.matches()) {
        continue;
      }
      boolean open = ModuleLayer.boot().findModule(m.group(1))
          .map(module -> module.isOpen(m.group(2), unnamed)).orElse(true);
      if (!open) {
        out.add(option);
      }
    }
    return out;
  }

  /**
   * Throws when this JVM lacks any of the project's options.
   *
   * @param who what needs them, for the message, e.g. {@code "Ray"}
   * @throws IllegalStateException naming the first missing option and how many are missing
   */
  public static void require(String who) {
    List<String> missing = missing(BuildInfo.current().jvmOptions());
    if (!missing.isEmpty()) {
      throw new IllegalStateException(String.format("%s needs the JVM option %s%s; start java with every option of "
          + "BuildInfo.jvmOptions() (the nested-reft launcher and the project's Maven tests pass them; "
          + "docs/ARCHITECTURE.md lists them)", who, missing.get(0),
          missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : ""));
    }
  }
}
