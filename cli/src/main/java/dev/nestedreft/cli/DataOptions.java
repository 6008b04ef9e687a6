package dev.nestedreft.cli;

import dev.nestedreft.api.data.JsonlLoader;
import dev.nestedreft.api.data.JsonlTask;
import dev.nestedreft.api.data.LoadedDataset;
import dev.nestedreft.api.data.OnBadRow;
import dev.nestedreft.api.data.PromptLimit;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --data FILE} and its options: a JSONL dataset instead of the built-in arith task. */
final class DataOptions {
  /** The test share without {@code --test-percent}; eval splits a JSONL task with it too, as training did. */
  static final String DEFAULT_TEST_PERCENT = "20";

  @Option(names = "--data", description = "A JSONL dataset (GSM8K, SVAMP, MATH or mapped fields) instead of arith.")
  Path data;

  @Option(names = "--format", description = "gsm8k, svamp, math or generic (default: detected from the first row).")
  String format;

  @Option(names = "--fields", description = "Field mapping for generic rows: prompt=F,answer=G[,solution=H].")
  String fields;

  @Option(names = "--on-bad-row", defaultValue = "stop", description = "stop or skip (default: ${DEFAULT-VALUE}).")
  String onBadRow;

  /** The command this mixin belongs to, for usage errors. */
  @Spec(Spec.Target.MIXEE) CommandSpec mixee;

  int testPercent = Integer.parseInt(DEFAULT_TEST_PERCENT);

  @Option(names = "--test-percent", defaultValue = DEFAULT_TEST_PERCENT, paramLabel = "P",
      description = "Share of problems held out for test, 1 to 99, split by a hash of the prompt (default: "
          + "${DEFAULT-VALUE}).")
  void testPercent(int value) {
    if (value < 1 || value > 99) {
      throw new ParameterException(mixee.commandLine(), "--test-percent must be in [1, 99], got " + value);
    }
    testPercent = value;
  }

  /**
   * The dataset {@code data} in {@code format} (null: detected) with {@code fields} (null: none), with the default
   * split, as training read it; rows handled per {@code onBadRow}.
   */
  static DataOptions of(Path data, String format, String fields, String onBadRow) {
    DataOptions options = new DataOptions();
    options.data = data;
    options.format = format;
    options.fields = fields;
    options.onBadRow = onBadRow;
    return options;
  }

  boolean present() {
    return data != null;
  }

  /**
   * Loads the dataset, reports skipped rows on {@code err}, and splits it into a task; a row whose prompt breaks
   * {@code limit} (null: none) is a bad row.
   */
  JsonlTask task(long seed, PrintWriter err, PromptLimit limit) {
    LoadedDataset loaded = JsonlLoader.fromOptions(format, fields).onBadRow(OnBadRow.fromName(onBadRow))
        .promptLimit(limit).load(data);
    if (loaded.report().skipped() > 0) {
      err.println("warning: " + loaded.report().summary());
    }
    return JsonlTask.split(data.getFileName().toString(), loaded.problems(), testPercent, seed);
  }
}
