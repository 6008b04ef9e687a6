package dev.nestedreft.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the commands that train (train, compare, demo) share: where runs are written ({@code --runs}) and the
 * command spec their output goes through. A base class, not a mixin, so that each reads them as its own fields.
 */
abstract class RunsCommand implements Callable<Integer> {
  @Option(names = "--runs", defaultValue = "runs", description = "Where runs are written (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Spec CommandSpec spec;
}
