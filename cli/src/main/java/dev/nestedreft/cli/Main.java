package dev.nestedreft.cli;

import dev.nestedreft.api.NestedReft;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.spi.NestedReftException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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
        ProbeLayersCommand.class,
        ExportOnnxCommand.class,
        BenchCommand.class,
        PluginsCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Exit code of a command that finished. */
  public static final int EXIT_OK = 0;

  /** Exit code for bad input and failed checks. */
  public static final int EXIT_ERROR = 1;

  /** Exit code of a usage error (an unknown option, a bad option value): picocli's. */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  /**
   * A training command stopped by a signal after writing its checkpoint exits with this plus the signal's number:
   * 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
   */
  public static final int EXIT_SIGNAL_BASE = 128;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Option(names = "--plugins", scope = CommandLine.ScopeType.INHERIT, paramLabel = "PATH[,PATH...]",
      description = "Plug-in jars, or directories whose *.jar files are all taken, to find backends and algorithms "
          + "in (separated by , or :). The environment variable " + PluginSet.ENVIRONMENT_VARIABLE + " adds its "
          + "paths first.")
  List<String> plugins = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The process environment, or a test's. */
  private final Map<String, String> environment;

  Main() {
    this(System.getenv());
  }

  Main(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * The plug-ins of this command line: {@value PluginSet#ENVIRONMENT_VARIABLE}'s paths, then those of every
   * {@code --plugins}; the application class path alone when there are none. The caller closes the set.
   */
  PluginSet openPlugins() {
    List<Path> paths = pluginPaths();
    return paths.isEmpty() ? PluginSet.none() : PluginSet.open(paths);
  }

  /** The plug-in paths of {@code NESTED_REFT_PLUGINS}, then of {@code --plugins}, as given. */
  List<Path> pluginPaths() {
    List<Path> paths = PluginSet.parsePaths(environment.get(PluginSet.ENVIRONMENT_VARIABLE));
    paths.addAll(PluginSet.parsePaths(plugins.toArray(new String[0])));
    return paths;
  }

  /**
   * A run's plug-ins: its config's own ({@code configPaths}), then those of the environment and the command line,
   * each once, as absolute paths; the run's {@code config.json} records them all.
   */
  static List<String> runPluginPaths(CommandLine.Model.CommandSpec command, List<String> configPaths) {
    Set<String> paths = new LinkedHashSet<>();
    configPaths.forEach(p -> paths.add(Path.of(p).toAbsolutePath().toString()));
    pluginPaths(command).forEach(p -> paths.add(p.toAbsolutePath().toString()));
    return List.copyOf(paths);
  }

  /** Opens the plug-ins at {@code paths} (none: the application class path only). */
  static PluginSet openPlugins(List<String> paths) {
    return paths.isEmpty() ? PluginSet.none() : PluginSet.open(paths.stream().map(Path::of).toList());
  }

  /** The plug-in paths of the command line that {@code command} belongs to ({@link #pluginPaths()}). */
  static List<Path> pluginPaths(CommandLine.Model.CommandSpec command) {
    return ((Main) command.root().userObject()).pluginPaths();
  }

  /** The plug-ins of the command line that {@code command} belongs to ({@link #openPlugins()}). */
  static PluginSet openPlugins(CommandLine.Model.CommandSpec command) {
    return ((Main) command.root().userObject()).openPlugins();
  }

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
    return execute(args, out, err, System.getenv());
  }

  /** As {@link #execute(String[], PrintWriter, PrintWriter)}, reading environment variables from {@code env}. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    Main main = new Main(env);
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
