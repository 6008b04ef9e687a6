package dev.nestedreft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks; every figure is measured side by side in one process.",
    subcommands = {BenchForwardCommand.class, BenchRolloutCommand.class, BenchLearnerCommand.class,
        BenchStepCommand.class})
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
