package dev.nestedreft.spi;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Splitter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the build recorded about this copy of the project: its version, the git commit it was built from, and the
 * options every JVM of the project needs. Maven writes them into the class-path resource {@value #RESOURCE} by
 * resource filtering: the version is the parent POM's {@code project.version}, the commit is what {@code git rev-parse
 * HEAD} said during the build, and the JVM options are the parent POM's {@code nestedreft.jvm.opens} (which also
 * reach the tests' JVMs through surefire and the launcher through {@code cli/target/jvm.options}). Nothing here is
 * written by hand. Immutable and thread-safe.
 *
 * @param version the project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param gitCommit the full commit id, with {@value #DIRTY_SUFFIX} when tracked files had uncommitted changes;
 *     empty when the build ran outside a git checkout or without git
 * @param jvmOptions the {@code --add-opens} options: Arrow needs {@code java.nio}, Ray's serializer reflects into
 *     the rest of {@code java.base}
 */
public record BuildInfo(String version, Optional<String> gitCommit, List<String> jvmOptions) {
  /** The class-path resource the build writes. */
  public static final String RESOURCE = "/dev/nestedreft/spi/build.properties";
  /** Appended to the commit id when the build's working tree had uncommitted changes. */
  public static final String DIRTY_SUFFIX = "-dirty";

  public BuildInfo {
    checkArgument(version != null && !version.isBlank(), "version must not be blank");
    checkNotNull(gitCommit, "gitCommit");
    jvmOptions = List.copyOf(jvmOptions);
  }

  /**
   * The build info of the project on the class path, read from {@value #RESOURCE} on each call.
   *
   * @throws NestedReftException when the resource is missing or was not filtered (classes not built by Maven)
   */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw NestedReftException.of("%s: not on the class path; build the project with Maven", RESOURCE);
      }
      properties.load(in);
    } catch (IOException e) {
      throw new NestedReftException(RESOURCE + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(properties, RESOURCE);
  }

  /** The build info in {@code properties}; errors name {@code source}. Values the build left unset count as absent. */
  static BuildInfo parse(Properties properties, String source) {
    String version = value(properties, "version");
    if (version.isEmpty()) {
      throw NestedReftException.of("%s: no version; the resource was not filtered by Maven", source);
    }
    String commit = value(properties, "git.commit");
    Optional<String> gitCommit = commit.isEmpty() ? Optional.empty()
        : Optional.of(commit + (value(properties, "git.dirty").equals("true") ? DIRTY_SUFFIX : ""));
    return new BuildInfo(version, gitCommit,
        Splitter.on(' ').omitEmptyStrings().splitToList(value(properties, "jvm.options")));
  }

  /** The trimmed value of {@code key}; empty when absent or still a {@code ${...}} placeholder. */
  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "").trim();
    return value.startsWith("${") ? "" : value;
  }
}
