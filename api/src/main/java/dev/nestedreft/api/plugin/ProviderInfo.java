package dev.nestedreft.api.plugin;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.algo.ParamInfo;
import java.util.List;

/**
 * One installed provider, as {@code nested-reft plugins} lists it.
 *
 * @param kind what it provides
 * @param name the name it is selected by
 * @param description its own words (a preset's is a paragraph; {@link #summary()} is the first sentence); empty
 *     when the provider gives none
 * @param parameters the parameters it accepts, with their defaults; empty for backends and presets
 * @param origin {@value dev.nestedreft.spi.Providers#BUILT_IN}, or the absolute path of the plug-in jar
 * @param available whether it can run on this machine (a backend's probe; always true for algorithms)
 */
public record ProviderInfo(ProviderKind kind, String name, String description, List<ParamInfo> parameters,
    String origin, boolean available) {
  public ProviderInfo {
    checkNotNull(kind, "kind");
    checkNotNull(name, "name");
    description = description == null ? "" : description.strip();
    parameters = ImmutableList.copyOf(parameters);
    checkNotNull(origin, "origin");
  }

  /**
   * The description up to the end of its first sentence: the first {@code ". "} after a word of three letters or
   * more (so {@code Dr. GRPO} and {@code et al.} do not end it), or after a closing parenthesis.
   */
  public String summary() {
    for (int i = description.indexOf(". "); i >= 0; i = description.indexOf(". ", i + 1)) {
      int start = i;
      while (start > 0 && Character.isLetter(description.charAt(start - 1))) {
        start--;
      }
      if (i > 0 && (i - start >= 3 || description.charAt(i - 1) == ')'
          || Character.isDigit(description.charAt(i - 1)))) {
        return description.substring(0, i + 1);
      }
    }
    return description;
  }
}
