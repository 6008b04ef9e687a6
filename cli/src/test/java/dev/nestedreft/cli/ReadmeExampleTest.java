package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java examples in README.md compile against the project as it is. */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void readmeJavaExamplesCompile() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    StringBuilder methods = new StringBuilder();
    int count = 0;
    while (block.find()) {
      // A block that opens its own allocator stands alone; the others continue from the first one's variables.
      String parameters = block.group(1).contains("allocator =") || !block.group(1).contains("allocator")
          ? "" : "LoadedModel model, BufferAllocator allocator";
      methods.append("  static void example").append(count++).append("(").append(parameters)
          .append(") throws Exception {\n").append(block.group(1)).append("  }\n");
    }
    assertThat(count).as("README.md has java code blocks").isGreaterThanOrEqualTo(3);
    String source = """
        import dev.nestedreft.api.backend.Backends;
        import dev.nestedreft.api.checkpoint.LoadedModel;
        import dev.nestedreft.api.checkpoint.ModelDirectory;
        import dev.nestedreft.spi.backend.BackendOptions;
        import dev.nestedreft.spi.backend.ForwardBackend;
        import dev.nestedreft.spi.backend.TokenBatch;
        import dev.nestedreft.spi.model.LayerPlan;
        import dev.nestedreft.spi.rollout.Prompt;
        import dev.nestedreft.spi.rollout.RolloutBackend;
        import dev.nestedreft.spi.rollout.RolloutBatch;
        import dev.nestedreft.spi.rollout.SamplingParams;
        import com.fasterxml.jackson.databind.ObjectMapper;
        import dev.nestedreft.api.launch.BuiltInTask;
        import dev.nestedreft.api.learn.Algorithms;
        import dev.nestedreft.api.local.LocalPlacement;
        import dev.nestedreft.api.train.TrainConfig;
        import dev.nestedreft.api.train.TrainConfigReader;
        import dev.nestedreft.api.train.TrainResult;
        import dev.nestedreft.api.train.TrainingRun;
        import java.nio.file.Path;
        import java.util.List;
        import java.util.Map;
        import java.util.concurrent.atomic.AtomicBoolean;
        import org.apache.arrow.memory.BufferAllocator;
        import org.apache.arrow.memory.RootAllocator;

        public class ReadmeExample {
        %s
        }
        """.formatted(methods);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///ReadmeExample.java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString());
      boolean ok = compiler.getTask(diagnostics, files, null, options, null, List.of(unit)).call();
      assertThat(ok).as(diagnostics.toString()).isTrue();
    }
    assertThat(out.resolve("ReadmeExample.class")).exists();
  }
}
