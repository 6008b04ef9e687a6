import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.contract.LearnerService;
import dev.nestedreft.api.contract.LearnerSetup;
import dev.nestedreft.api.contract.Placement;
import dev.nestedreft.api.contract.RolloutWorkers;
import dev.nestedreft.api.contract.WorkerSetup;
import dev.nestedreft.api.launch.BuiltInTask;
import dev.nestedreft.api.learn.Algorithms;
import dev.nestedreft.api.local.LocalPlacement;
import dev.nestedreft.api.ray.RayPlacement;
import dev.nestedreft.api.train.TrainConfig;
import dev.nestedreft.api.train.TrainingRun;
import dev.nestedreft.spi.weights.WeightSet;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Experiment behind docs/BENCHMARKS.md, "Pipelined steps": the demo's config for 60 steps, with the rollouts as
 * Ray LOCAL-mode worker actors ("actors", whose calls take turns with the learner actor's), in the driver's JVM
 * beside the learner actor ("local", what the command line does) or without Ray ("inprocess"). Arguments: mode,
 * threads, steps, runs folder, and optionally the pipeline (default one-step-off). Not part of the build.
 */
public class OverlapProbe {
  public static void main(String[] args) {
    String mode = args[0];
    int threads = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    Path runs = Path.of(args[3]);
    String pipeline = args.length > 4 ? args[4] : "one-step-off";
    TrainConfig config = TrainConfig.builder().name("probe-" + mode + "-t" + threads + "-" + pipeline).steps(steps)
        .threads(threads).pipelineName(pipeline).build();
    TrainingRun.Environment env = BuiltInTask.environment(config, runs);
    if (mode.equals("actors")) {
      env = env.withPlacement(() -> actorsOnly(RayPlacement.start(null)));
    } else if (mode.equals("inprocess")) {
      env = env.withPlacement(() -> new LocalPlacement(Backends.discover(), Algorithms.discover()));
    }
    var r = TrainingRun.run(config, env, false, new AtomicBoolean(), new TrainingRun.Listener() {});
    System.out.printf("%s: accuracy %.3f -> %.3f%n", config.name(), r.accuracyBefore(), r.accuracyAfter());
  }

  static Placement actorsOnly(Placement ray) {
    return new Placement() {
      public LearnerService learner(LearnerSetup setup, WeightSet initial) { return ray.learner(setup, initial); }
      public RolloutWorkers rolloutWorkers(WorkerSetup setup, int count) { return ray.rolloutWorkers(setup, count); }
      public String describe() { return ray.describe() + ", worker actors"; }
      public void close() { ray.close(); }
    };
  }
}
