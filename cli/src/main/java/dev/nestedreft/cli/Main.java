package dev.nestedreft.cli;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.spi.NestedReftException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code nested-reft} command line. */
@Command(
    name = "nested-reft",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Reinforcement fine-tuning with verifiable rewards on the JVM; Nested-ReFT layer-skipping rollouts.",
    subcommands = {
        DemoCommand.class,
        TrainCommand.class,
        EvalCommand.class,
        CompareCommand.class,
        ParityCommand.class,
        InitCommand.class,
        ScoreCommand.class,
        ExportOnnxCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code for bad input and failed checks (usage errors get picocli's 2). */
  public static final int EXIT_ERROR = 1;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code --version}: the version the build recorded (the POM's), which is not a compile-time constant. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nested-reft " + NestedReft.VERSION};
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. For tests and embedding. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      boolean verbose = parseResult.originalArgs().contains("--verbose");
      String message = e instanceof NestedReftException || e instanceof IllegalArgumentException
          ? e.getMessage()
          : e.getClass().getSimpleName() + ": " + e.getMessage();
      commandLine.getErr().println("error: " + message);
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else if (!(e instanceof NestedReftException)) {
        commandLine.getErr().println("(run again with --verbose for the stack trace)");
      }
      commandLine.getErr().flush();
      return EXIT_ERROR;
    });
    return cli.execute(args);
  }
}
