package dev.nestedreft.spi;

import com.google.common.collect.ImmutableMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * An instance registry of service providers of one kind, loaded with {@link ServiceLoader}. Selection is by
 * name; an unknown or unavailable name gets an error that lists every provider found. No static state: each
 * registry is built from a class loader and holds what it found then.
 *
 * <p>Each provider has an origin: {@value #BUILT_IN} when its class comes from the application's class path (the
 * loader that loaded this class, or one of its parents), otherwise the jar (or directory) its class was loaded from,
 * such as a plug-in jar of a {@link java.net.URLClassLoader}. Immutable and thread-safe once loaded.
 *
 * @param <P> the provider interface
 */
public final class Providers<P> {
  /** The origin of a provider found on the application's class path. */
  public static final String BUILT_IN = "built in";

  private final String kind;
  private final ImmutableMap<String, P> byName;
  private final ImmutableMap<String, String> origins;
  private final Predicate<P> available;
  private final ToIntFunction<P> rank;

  private Providers(String kind, Map<String, P> byName, Map<String, String> origins, Predicate<P> available,
      ToIntFunction<P> rank) {
    this.kind = kind;
    this.byName = ImmutableMap.copyOf(byName);
    this.origins = ImmutableMap.copyOf(origins);
    this.available = available;
    this.rank = rank;
  }

  /**
   * Loads every provider of {@code type} visible from {@code loader}, all of rank 0.
   *
   * @param kind a word for error messages, such as "backend"
   * @param name how a provider names itself
   * @param available the side-effect-free availability probe
   * @throws InvalidInputException when two providers claim the same name (naming both origins), or a provider
   *     listed in a {@code META-INF/services} file fails to load (naming the file's jar, the class and the cause)
   */
  public static <P> Providers<P> load(
      Class<P> type, ClassLoader loader, String kind, Function<P, String> name, Predicate<P> available) {
    return load(type, loader, kind, name, available, p -> 0);
  }

  /**
   * Loads every provider of {@code type} visible from {@code loader}; {@link #best()} prefers the highest
   * {@code rank}.
   *
   * @see #load(Class, ClassLoader, String, Function, Predicate)
   */
  public static <P> Providers<P> load(Class<P> type, ClassLoader loader, String kind, Function<P, String> name,
      Predicate<P> available, ToIntFunction<P> rank) {
    Map<String, P> found = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    Iterator<P> providers = ServiceLoader.load(type, loader).iterator();
    while (true) {
      P provider;
      String key;
      try {
        // ServiceLoader loads and instantiates each provider lazily, in hasNext() and next().
        if (!providers.hasNext()) {
          break;
        }
        provider = providers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        throw loadFailure(type, loader, kind, null, e);
      }
      try {
        key = name.apply(provider);
      } catch (RuntimeException | LinkageError e) { // e.g. AbstractMethodError: built against another SPI
        throw loadFailure(type, loader, kind, provider.getClass().getName(), e);
      }
      P previous = found.putIfAbsent(key, provider);
      if (previous == null) {
        origins.put(key, originOf(provider.getClass()));
      } else if (previous.getClass() != provider.getClass()) {
        throw InvalidInputException.of("two %s providers are named '%s': %s (%s) and %s (%s)", kind, key,
            previous.getClass().getName(), origins.get(key), provider.getClass().getName(),
            originOf(provider.getClass()));
      }
    }
    Map<String, P> sorted = new LinkedHashMap<>();
    found.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return new Providers<>(kind, sorted, origins, available, rank);
  }

  /** The names of every provider found, available or not, in sorted order. */
  public ImmutableMap<String, P> all() {
    return byName;
  }

  public Optional<P> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Whether the provider called {@code name} exists and is available here. */
  public boolean isAvailable(String name) {
    P provider = byName.get(name);
    return provider != null && available.test(provider);
  }

  /**
   * Where the provider called {@code name} comes from: {@value #BUILT_IN}, or the absolute path of the jar (or
   * directory) its class was loaded from.
   *
   * @throws IllegalArgumentException when there is no provider by that name
   */
  public String origin(String name) {
    String origin = origins.get(name);
    if (origin == null) {
      throw new IllegalArgumentException("no " + kind + " provider named '" + name + "'");
    }
    return origin;
  }

  /** The rank of the provider called {@code name} (0 unless the registry was loaded with a rank). */
  public int rank(String name) {
    P provider = byName.get(name);
    if (provider == null) {
      throw new IllegalArgumentException("no " + kind + " provider named '" + name + "'");
    }
    return rank.applyAsInt(provider);
  }

  /**
   * The name of the available provider of highest rank; among equal ranks, the first name in sorted order. Empty
   * when no provider is available.
   */
  public Optional<String> bestName() {
    String best = null;
    int bestRank = Integer.MIN_VALUE;
    for (Map.Entry<String, P> e : byName.entrySet()) { // sorted by name: a later name needs a strictly higher rank
      if (available.test(e.getValue())) {
        int r = rank.applyAsInt(e.getValue());
        if (best == null || r > bestRank) {
          best = e.getKey();
          bestRank = r;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** The provider {@link #bestName()} names. */
  public Optional<P> best() {
    return bestName().map(byName::get);
  }

  /**
   * The provider called {@code name}.
   *
   * @throws InvalidInputException naming the available providers when there is none by that name or it is
   *     not available on this machine
   */
  public P select(String name) {
    P provider = byName.get(name);
    if (provider == null) {
      throw InvalidInputException.of("unknown %s '%s'; available: %s", kind, name, describe());
    }
    if (!available.test(provider)) {
      throw InvalidInputException.of("%s '%s' is not available on this machine; found: %s", kind, name, describe());
    }
    return provider;
  }

  /** Lists every provider as {@code name} or {@code name (unavailable)}. */
  public String describe() {
    if (byName.isEmpty()) {
      return "none (no provider on the class path)";
    }
    StringBuilder out = new StringBuilder();
    byName.forEach((key, provider) -> {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(key);
      if (!available.test(provider)) {
        out.append(" (unavailable)");
      }
    });
    return out.toString();
  }

  /**
   * {@value #BUILT_IN} for a class of the application's class path (its loader is the one that loaded this class,
   * or a parent of it), else the absolute path of the jar or directory it was loaded from.
   */
  static String originOf(Class<?> type) {
    ClassLoader definer = type.getClassLoader();
    for (ClassLoader app = Providers.class.getClassLoader(); app != null; app = app.getParent()) {
      if (app == definer) {
        return BUILT_IN;
      }
    }
    if (definer == null) { // the boot loader
      return BUILT_IN;
    }
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null ? "unknown origin (" + definer + ")"
        : location(source.getLocation());
  }

  /** A {@code file:} URL as an absolute path; any other URL as it is. */
  private static String location(URL url) {
    if (!"file".equals(url.getProtocol())) {
      return url.toString();
    }
    try {
      return Path.of(url.toURI()).toAbsolutePath().toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return url.toString();
    }
  }

  /**
   * The one-line error for a provider that {@link ServiceLoader} could not load or instantiate, or whose
   * {@code name()} failed: the provider's class (when known, or when the error names one of the classes that the
   * services files list), the jars whose services file lists it, and the cause.
   */
  private static InvalidInputException loadFailure(Class<?> type, ClassLoader loader, String kind, String className,
      Throwable error) {
    String resource = "META-INF/services/" + type.getName();
    Map<String, List<String>> listedBy = listings(loader, resource); // class name -> where listed
    String culprit = className;
    if (culprit == null) {
      String message = String.valueOf(error.getMessage());
      for (String listed : listedBy.keySet()) { // the longest listed name that the message mentions
        if (message.contains(listed) && (culprit == null || listed.length() > culprit.length())) {
          culprit = listed;
        }
      }
    }
    String where = culprit != null && listedBy.containsKey(culprit)
        ? String.join(" and ", listedBy.get(culprit))
        : listedBy.values().stream().flatMap(List::stream).distinct().reduce((a, b) -> a + ", " + b).orElse("?");
    String cause;
    if (error instanceof ServiceConfigurationError && error.getCause() != null) {
      cause = error.getCause().toString();
    } else if (error instanceof ServiceConfigurationError) {
      // "dev.nestedreft.spi.algo.RewardFnFactory: Provider com.acme.Bonus not found": the part after the type.
      String message = String.valueOf(error.getMessage());
      cause = message.startsWith(type.getName() + ": ") ? message.substring(type.getName().length() + 2) : message;
    } else {
      cause = error.toString();
    }
    return new InvalidInputException(String.format("cannot load %s provider %s listed in %s (%s): %s", kind,
        culprit == null ? "(class unknown)" : culprit, where, resource, cause.replace('\n', ' ')), error);
  }

  /** Each class name that a services file lists, with the jars (or directories) of the files that list it. */
  private static Map<String, List<String>> listings(ClassLoader loader, String resource) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<URL> files;
    try {
      files = Collections.list(loader.getResources(resource));
    } catch (IOException e) {
      return out;
    }
    for (URL file : files) {
      String where = container(file, resource);
      for (String name : readListing(file)) {
        List<String> at = out.computeIfAbsent(name, k -> new ArrayList<>());
        if (!at.contains(where)) {
          at.add(where);
        }
      }
    }
    return out;
  }

  /** The jar (or class-path directory) holding the resource at {@code url}. */
  private static String container(URL url, String resource) {
    try {
      if ("jar".equals(url.getProtocol())) {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false); // do not keep the jar open behind a plug-in class loader's back
        return location(((JarURLConnection) connection).getJarFileURL());
      }
      String text = url.toString();
      if ("file".equals(url.getProtocol()) && text.endsWith(resource)) {
        return location(new URL(text.substring(0, text.length() - resource.length())));
      }
    } catch (IOException e) {
      // fall through: the URL itself says where
    }
    return url.toString();
  }

  /** The class names a services file lists: one a line, {@code #} starts a comment. */
  private static Set<String> readListing(URL file) {
    Set<String> names = new LinkedHashSet<>();
    try {
      URLConnection connection = file.openConnection();
      connection.setUseCaches(false);
      try (InputStream in = connection.getInputStream();
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          int comment = line.indexOf('#');
          String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
          if (!name.isEmpty()) {
            names.add(name);
          }
        }
      }
    } catch (IOException e) {
      // an unreadable listing names nothing
    }
    return names;
  }
}
