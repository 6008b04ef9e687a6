package dev.nestedreft.api;

import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.backend.Provenance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Project-wide constants and the provenance every artefact carries. */
public final class NestedReft {
  /** The software version written into checkpoints and exported graphs: the POM's, through {@link BuildInfo}. */
  public static final String VERSION = BuildInfo.current().version();
  /**
   * The provenance keys {@link #provenance} fills from this build and JVM (version, git commit, Java version), as
   * opposed to what the caller says about the artefact; whoever copies an artefact's provenance into a new one drops
   * them.
   */
  public static final Set<String> BUILD_KEYS = Set.of(Provenance.PREFIX + "version", Provenance.PREFIX + "java",
      Provenance.PREFIX + "git_commit");

  private NestedReft() {}

  /**
   * The JVM options every JVM that runs the project needs (the {@code --add-opens} flags Ray's serializer and
   * Arrow rely on), defined once in the parent POM. The launcher and the Maven tests pass them; a library user adds
   * them to the {@code java} command. A run started without one stops at once with an error naming it.
   */
  public static List<String> requiredJvmOptions() {
    return BuildInfo.current().jvmOptions();
  }

  /**
   * Provenance with the version, the git commit the project was built from (when it was built in a git checkout;
   * {@value BuildInfo#DIRTY_SUFFIX} marks uncommitted changes), the Java runtime and {@code extra} entries (such as
   * the seed, the preset or the command), each key prefixed {@value Provenance#PREFIX}.
   */
  public static Provenance provenance(Map<String, String> extra) {
    Provenance p = Provenance.of(Map.of())
        .with("version", VERSION)
        .with("java", System.getProperty("java.version"));
    Optional<String> commit = BuildInfo.current().gitCommit();
    if (commit.isPresent()) {
      p = p.with("git_commit", commit.get());
    }
    for (Map.Entry<String, String> e : extra.entrySet()) {
      p = p.with(e.getKey(), e.getValue());
    }
    return p;
  }
}
