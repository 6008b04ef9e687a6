package dev.nestedreft.api.plugin;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import dev.nestedreft.spi.Providers;
import dev.nestedreft.spi.algo.ParamInfo;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A set of plug-in jars and the one class loader that all discovery goes through: a {@link URLClassLoader} over the
 * jars whose parent is the application's class loader, so a plug-in sees the SPI (and everything built in) and adds
 * providers beside the built-in ones. The empty set ({@link #none()}) is the application class path alone.
 *
 * <p>{@link #open} checks everything before any work: every path exists and is readable, every file is a jar, every
 * provider the jars list loads, and no two providers of one kind share a name. Each failure is one
 * {@link InvalidInputException} line naming the file (and the class). The {@link Backends} and {@link Algorithms}
 * are discovered once, at open.
 *
 * <p>The set owns its class loader: {@link #close()} closes it, after which classes not yet loaded from the jars
 * cannot be loaded any more, so keep the set open as long as anything it created is in use. Immutable and
 * thread-safe until closed.
 */
public final class PluginSet implements AutoCloseable {
  /** The environment variable the command line reads plug-in paths from, before {@code --plugins}. */
  public static final String ENVIRONMENT_VARIABLE = "NESTED_REFT_PLUGINS";

  private static final Pattern SEPARATORS = Pattern.compile("[," + Pattern.quote(File.pathSeparator) + "]");
  private static final byte[] ZIP_MAGIC = {'P', 'K'};

  private final ImmutableList<PluginJar> jars;
  private final URLClassLoader owned;
  private final ClassLoader loader;
  private final Backends backends;
  private final Algorithms algorithms;

  private PluginSet(List<PluginJar> jars, URLClassLoader owned, ClassLoader loader) {
    this.jars = ImmutableList.copyOf(jars);
    this.owned = owned;
    this.loader = loader;
    this.backends = Backends.discover(loader);
    this.algorithms = Algorithms.discover(loader);
  }

  /** The application class path alone: what {@link PluginSet}'s own class loader sees. */
  public static PluginSet none() {
    return new PluginSet(List.of(), null, PluginSet.class.getClassLoader());
  }

  /**
   * The plug-ins at {@code paths}, over the application's class loader.
   *
   * @param paths jar files, or directories whose {@code *.jar} files are all taken (in name order); the same jar
   *     named twice is taken once
   * @throws InvalidInputException for a missing or unreadable path, a file that is not a jar, a provider that fails
   *     to load, or two providers of one kind with the same name
   */
  public static PluginSet open(List<Path> paths) {
    return open(paths, PluginSet.class.getClassLoader());
  }

  /** The plug-ins at {@code paths} over {@code parent}; see {@link #open(List)}. */
  public static PluginSet open(List<Path> paths, ClassLoader parent) {
    Map<Path, PluginJar> jars = new LinkedHashMap<>();
    for (Path path : paths) {
      for (Path jar : jarsAt(path)) {
        jars.computeIfAbsent(jar, PluginSet::check);
      }
    }
    if (jars.isEmpty()) {
      return new PluginSet(List.of(), null, parent);
    }
    URL[] urls = jars.keySet().stream().map(PluginSet::url).toArray(URL[]::new);
    URLClassLoader loader = new URLClassLoader("nested-reft-plugins", urls, parent);
    try {
      return new PluginSet(List.copyOf(jars.values()), loader, loader);
    } catch (RuntimeException | LinkageError e) {
      closeQuietly(loader, e);
      throw e;
    }
  }

  /**
   * The same jars again, each checked against its recorded SHA-256: how a Ray actor opens the set its driver
   * opened. The empty list gives {@link #none()}.
   *
   * @throws InvalidInputException when a jar is missing or its bytes changed, besides {@link #open}'s errors
   */
  public static PluginSet reopen(List<PluginJar> jars) {
    for (PluginJar expected : jars) {
      PluginJar found = check(expected.path());
      if (!found.sha256().equals(expected.sha256())) {
        throw InvalidInputException.of("plug-in %s changed since the run opened it: its sha256 is %s, expected %s",
            expected.path(), found.sha256(), expected.sha256());
      }
    }
    return open(jars.stream().map(PluginJar::path).toList());
  }

  /**
   * The paths in {@code lists}, each a list separated by {@code ,} or the platform's path separator ({@code :} on
   * Linux), in order; blank entries are skipped and null lists ignored.
   */
  public static List<Path> parsePaths(String... lists) {
    List<Path> out = new ArrayList<>();
    for (String list : lists) {
      if (list != null) {
        Arrays.stream(SEPARATORS.split(list)).map(String::strip).filter(s -> !s.isEmpty())
            .forEach(s -> out.add(Path.of(s)));
      }
    }
    return out;
  }

  /** The class loader through which every provider is found; the application's own for the empty set. */
  public ClassLoader classLoader() {
    return loader;
  }

  /** The backends, exporters and metric writers visible through {@link #classLoader()}. */
  public Backends backends() {
    return backends;
  }

  /** The algorithm components visible through {@link #classLoader()}. */
  public Algorithms algorithms() {
    return algorithms;
  }

  /** Each jar's absolute path and SHA-256, in class-path order; empty for the application class path alone. */
  public ImmutableList<PluginJar> jars() {
    return jars;
  }

  public boolean isEmpty() {
    return jars.isEmpty();
  }

  /** Every provider of every kind, built in or from a jar, in {@link ProviderKind} order, then by name. */
  public List<ProviderInfo> providers() {
    List<ProviderInfo> out = new ArrayList<>();
    add(out, ProviderKind.FORWARD_BACKEND, backends.forwardProviders(), p -> p.description(), p -> List.of());
    add(out, ProviderKind.ROLLOUT_BACKEND, backends.rolloutProviders(), p -> p.description(), p -> List.of());
    add(out, ProviderKind.LEARNER_BACKEND, backends.learnerProviders(), p -> p.description(), p -> List.of());
    add(out, ProviderKind.EXPORTER, backends.exporters(), p -> p.description(), p -> List.of());
    add(out, ProviderKind.SCALAR_WRITER, backends.scalarWriters(), p -> p.description(), p -> List.of());
    add(out, ProviderKind.CORRECTION, algorithms.corrections(), p -> p.description(), p -> p.parameters());
    add(out, ProviderKind.REWARD, algorithms.rewards(), p -> p.description(), p -> p.parameters());
    add(out, ProviderKind.BEHAVIOR_POLICY, algorithms.behaviors(), p -> p.description(), p -> p.parameters());
    add(out, ProviderKind.ADVANTAGE_ESTIMATOR, algorithms.advantages(), p -> p.description(), p -> p.parameters());
    add(out, ProviderKind.ALGORITHM_PRESET, algorithms.presets(), p -> p.description(), p -> List.of());
    return out;
  }

  private static <P> void add(List<ProviderInfo> out, ProviderKind kind, Providers<P> providers,
      Function<P, String> description, Function<P, List<ParamInfo>> parameters) {
    providers.all().forEach((name, provider) -> out.add(new ProviderInfo(kind, name, description.apply(provider),
        parameters.apply(provider), providers.origin(name), providers.isAvailable(name))));
  }

  /** Closes the plug-ins' class loader; nothing for the empty set. Idempotent. */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (IOException e) {
        throw new NestedReftException("closing the plug-in class loader: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return jars.isEmpty() ? "no plug-ins" : "plug-ins " + jars;
  }

  /** The jar at {@code path}, or the {@code *.jar} files of the directory at {@code path}, sorted by name. */
  private static List<Path> jarsAt(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw InvalidInputException.of("plug-in path %s does not exist", absolute);
    }
    if (!Files.isReadable(absolute)) {
      throw InvalidInputException.of("plug-in path %s is not readable", absolute);
    }
    if (!Files.isDirectory(absolute)) {
      return List.of(absolute);
    }
    try (Stream<Path> files = Files.list(absolute)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar") && !Files.isDirectory(f)).sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException("plug-in directory " + absolute + " cannot be listed: " + e.getMessage(), e);
    }
  }

  /** The jar's hash, once it is known to be a readable jar. */
  private static PluginJar check(Path jar) {
    Path absolute = jar.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw InvalidInputException.of("plug-in path %s does not exist", absolute);
    }
    if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
      throw InvalidInputException.of("plug-in %s is not a readable file; expected a jar", absolute);
    }
    String sha256;
    byte[] head = new byte[ZIP_MAGIC.length];
    int headLength = 0;
    try (InputStream raw = Files.newInputStream(absolute);
        DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
      headLength = in.readNBytes(head, 0, head.length);
      in.transferTo(OutputStream.nullOutputStream());
      sha256 = HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (IOException e) {
      throw new InvalidInputException("plug-in " + absolute + " cannot be read: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    if (headLength < head.length || !Arrays.equals(head, ZIP_MAGIC)) {
      throw InvalidInputException.of("plug-in %s is not a jar (no zip header); expected a jar file or a directory "
          + "of jars", absolute);
    }
    try (JarFile opened = new JarFile(absolute.toFile())) {
      opened.size(); // the central directory was read
    } catch (IOException | SecurityException e) {
      throw new InvalidInputException(String.format("plug-in %s is not a readable jar (%s); expected a jar file",
          absolute, e.getMessage()), e);
    }
    return new PluginJar(absolute, sha256);
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void closeQuietly(URLClassLoader loader, Throwable failure) {
    try {
      loader.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
