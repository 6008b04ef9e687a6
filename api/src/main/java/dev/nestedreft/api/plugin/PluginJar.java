package dev.nestedreft.api.plugin;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One jar of a {@link PluginSet}, as a run records it and a Ray actor reopens it.
 *
 * @param path the jar's absolute, normalised path
 * @param sha256 the SHA-256 of its bytes, 64 lowercase hex digits
 */
public record PluginJar(Path path, String sha256) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public PluginJar {
    checkNotNull(path, "path");
    checkNotNull(sha256, "sha256");
    checkArgument(path.isAbsolute(), "plug-in jar path must be absolute, got %s", path);
    checkArgument(HEX.matcher(sha256).matches(), "sha256 must be 64 lowercase hex digits, got '%s'", sha256);
  }

  @Override
  public String toString() {
    return path + " (sha256 " + sha256 + ")";
  }
}
