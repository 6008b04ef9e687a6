package dev.nestedreft.spi;

import com.google.common.collect.ImmutableMap;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An instance registry of service providers of one kind, loaded with {@link ServiceLoader}. Selection is by
 * name; an unknown or unavailable name gets an error that lists every provider found. No static state: each
 * registry is built from a class loader and holds what it found then.
 *
 * @param <P> the provider interface
 */
public final class Providers<P> {
  private final String kind;
  private final ImmutableMap<String, P> byName;
  private final Predicate<P> available;

  private Providers(String kind, Map<String, P> byName, Predicate<P> available) {
    this.kind = kind;
    this.byName = ImmutableMap.copyOf(byName);
    this.available = available;
  }

  /**
   * Loads every provider of {@code type} visible from {@code loader}.
   *
   * @param kind a word for error messages, such as "backend"
   * @param name how a provider names itself
   * @param available the side-effect-free availability probe
   * @throws NestedReftException when two providers claim the same name
   */
  public static <P> Providers<P> load(
      Class<P> type, ClassLoader loader, String kind, Function<P, String> name, Predicate<P> available) {
    Map<String, P> found = new LinkedHashMap<>();
    for (P provider : ServiceLoader.load(type, loader)) {
      String key = name.apply(provider);
      P previous = found.putIfAbsent(key, provider);
      if (previous != null && previous.getClass() != provider.getClass()) {
        throw NestedReftException.of(
            "two %s providers are named '%s': %s and %s",
            kind, key, previous.getClass().getName(), provider.getClass().getName());
      }
    }
    found = found.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    return new Providers<>(kind, found, available);
  }

  /** The names of every provider found, available or not, in sorted order. */
  public ImmutableMap<String, P> all() {
    return byName;
  }

  public Optional<P> find(String name) {
    return Optional.ofNullable(byName.get(name));
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
}
