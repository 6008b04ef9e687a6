package dev.nestedreft.cli;

import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainConfigReader;
import dev.nestedreft.api.train.TrainResult;
import dev.nestedreft.api.train.TrainingRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train with a config file (YAML or JSON; fields in docs/CONFIG.md) on the built-in arith task.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", description = "Config file; omitted fields take the demo's values.")
  Path config;

  @Option(names = "--runs", defaultValue = "runs", description = "Where runs are written (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Option(names = "--resume", description = "Continue the run from its newest checkpoint.")
  boolean resume;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TrainConfig cfg = config == null ? TrainConfig.demo() : TrainConfigReader.read(config);
    AtomicBoolean interrupted = Signals.interruptFlag();
    ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
    TrainResult r = TrainingRun.run(cfg, TrainSupport.environment(cfg, runs), resume, interrupted, progress);
    progress.finishLine();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("run %s: %d steps in %.0f s; test accuracy %.3f -> %.3f; rollout %.0f tokens/s; learner %.0f tokens/s;"
        + " written to %s%n", cfg.name(), r.steps(), r.wallSeconds(), r.accuracyBefore(), r.accuracyAfter(),
        r.rolloutTokensPerSecond(), r.learnerTokensPerSecond(), runs.resolve(cfg.name()));
    return 0;
  }
}
