package dev.nestedreft.cli;

import dev.nestedreft.api.contract.Component;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.train.AlgorithmChoice;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.algo.Algorithm;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a comparison: an algorithm preset, optionally with a correction, and in a layer-choice study the
 * behavior policy and skip fraction its runs use. A row runs once per seed.
 *
 * @param algo as {@code --algos} gives it: {@code preset[:correction[:params]]}
 * @param behavior as {@code --behaviors} gives it ({@code name[:params]}); null: the algorithm's own behavior
 * @param fraction the skip fraction, as {@link #fractionText} writes it; null: the behavior's own
 * @param behaviorSetting the {@code behavior} field its runs get ({@code name:params}, the preset's other
 *     parameters kept); null when the row sweeps nothing
 */
record CompareVariant(String algo, String behavior, String fraction, String behaviorSetting) {
  /** The behavior that runs every layer: an algorithm with it runs once, whatever the sweep. */
  static final String FULL_BEHAVIOR = "full";

  /** A row without a sweep: the algorithm as its preset (and the base config) define it. */
  static CompareVariant of(String algo) {
    return new CompareVariant(algo, null, null, null);
  }

  /** Whether this row sets the behavior (a layer-choice row). */
  boolean sweeps() {
    return behaviorSetting != null;
  }

  /** {@code nested-reft / adaptive / 0.375}, or the algorithm alone for a row without a sweep. */
  String label() {
    return sweeps() ? algo + " / " + behavior + " / " + (fraction == null ? "default" : fraction) : algo;
  }

  /** How messages name the row: its label, or {@code --algos <algo>} for a row without a sweep. */
  String describe() {
    return sweeps() ? label() : "--algos " + algo;
  }

  /**
   * The run's name: {@code <base>-<algo>[-<behavior>[-f<fraction>]]-s<seed>}, with every character other than a
   * letter, digit, {@code .}, {@code _} or {@code -} replaced, so that it is a valid run name and directory.
   */
  String runName(String base, int seed) {
    StringBuilder name = new StringBuilder(base).append('-').append(readable(algo));
    if (sweeps()) {
      name.append('-').append(readable(behavior));
      if (fraction != null) {
        name.append("-f").append(fraction);
      }
    }
    return name.append("-s").append(seed).toString().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String readable(String text) {
    return text.replace(':', '_').replace('=', '-').replace(',', '_');
  }

  /**
   * The config of this row's run with {@code seed}: {@code base} with the run's name, the seed, the preset, the
   * correction when given, the behavior when the row sets one (then without {@code skip_fraction}, its shorthand),
   * and, when {@code base} evaluates only before and after, an evaluation every third of the steps for the
   * accuracy-vs-time chart.
   *
   * @throws InvalidInputException naming the row when the config is not valid
   */
  TrainConfig config(TrainConfig base, int seed) {
    String[] parts = algo.split(":", 2);
    TrainConfig.Builder variant = base.toBuilder().name(runName(base.name(), seed)).seed(seed).algorithm(parts[0]);
    if (parts.length > 1) {
      variant.correction(parts[1]);
    }
    if (sweeps()) {
      variant.behavior(behaviorSetting).skipFraction(null);
    }
    if (base.evalEvery() == 0) {
      variant.evalEvery(Math.max(1, base.steps() / 3)); // a few points for the accuracy-vs-time chart
    }
    try {
      return variant.build();
    } catch (InvalidInputException e) {
      throw new InvalidInputException(describe() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rows of a comparison. Without behaviors and fractions, one per algorithm. Otherwise every algorithm whose
   * behavior is not {@value #FULL_BEHAVIOR} gets a row per (behavior, fraction): {@code behaviors} default to the
   * algorithm's own, and {@code fractions} to none (the behavior's own count). A swept behavior keeps the
   * parameters that the base config or the preset gives the same policy, then takes those written after its name,
   * then {@code fraction=F}, which replaces {@code k} (the two spellings of a skip count). An algorithm with the
   * full behavior gets one row.
   *
   * @param fractions skip fractions, each in [0, 1)
   * @throws InvalidInputException naming the {@code --algos} entry whose preset is unknown, or an ill-formed behavior
   */
  static List<CompareVariant> plan(List<String> algos, List<String> behaviors, List<Double> fractions,
      TrainConfig base, Algorithms algorithms) {
    boolean sweep = !behaviors.isEmpty() || !fractions.isEmpty();
    List<CompareVariant> out = new ArrayList<>();
    for (String algo : algos) {
      if (!sweep) {
        out.add(of(algo));
        continue;
      }
      Component own;
      try {
        Algorithm preset = algorithms.preset(algo.split(":", 2)[0]).algorithm();
        own = AlgorithmChoice.behavior(base.behavior(), base.skipFraction(), preset);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("--algos " + algo + ": " + e.getMessage(), e);
      }
      if (own.name().equals(FULL_BEHAVIOR)) {
        out.add(of(algo));
        continue;
      }
      List<String> swept = behaviors.isEmpty() ? List.of(own.name()) : behaviors;
      List<String> texts = fractions.isEmpty() ? Arrays.asList((String) null)
          : fractions.stream().map(CompareVariant::fractionText).toList();
      for (String behavior : swept) {
        for (String fraction : texts) {
          out.add(new CompareVariant(algo, behavior, fraction, setting(own, behavior, fraction)));
        }
      }
    }
    return out;
  }

  /** {@code behavior} with the parameters {@link #plan} describes, as {@code name:key=value,...}. */
  static String setting(Component own, String behavior, String fraction) {
    Component given;
    try {
      given = Component.parse("behavior", behavior);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--behaviors " + behavior + ": " + e.getMessage(), e);
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (given.name().equals(own.name())) {
      params.putAll(own.params());
    }
    params.putAll(given.params());
    if (fraction != null) {
      params.remove("k");
      params.put("fraction", fraction);
    }
    return new Component("behavior", given.name(), params).text();
  }

  /** {@code 0.375}: the shortest decimal of {@code fraction}, without trailing zeros. */
  static String fractionText(double fraction) {
    return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
  }
}
