package dev.nestedreft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
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

/** The Java example in README.md compiles against the project as it is. */
class ReadmeExampleTest {
  @TempDir Path out;

  @Test
  void readmeJavaExampleCompiles() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find()).as("README.md has a java code block").isTrue();
    String source = """
        import dev.nestedreft.api.backend.Backends;
        import dev.nestedreft.api.checkpoint.LoadedModel;
        import dev.nestedreft.api.checkpoint.ModelDirectory;
        import dev.nestedreft.spi.backend.BackendOptions;
        import dev.nestedreft.spi.backend.ForwardBackend;
        import dev.nestedreft.spi.backend.TokenBatch;
        import dev.nestedreft.spi.model.LayerPlan;
        import java.nio.file.Path;
        import org.apache.arrow.memory.BufferAllocator;
        import org.apache.arrow.memory.RootAllocator;

        public class ReadmeExample {
          public static void main(String[] args) {
        %s
          }
        }
        """.formatted(block.group(1));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      JavaFileObject unit = new SimpleJavaFileObject(java.net.URI.create("string:///ReadmeExample.java"),
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
