package dev.nestedreft.tck.support;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import dev.nestedreft.spi.Providers;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Builds plug-in jars for tests, as a third party would: Java sources compiled against the SPI with the system
 * compiler, plus {@code META-INF/services} files, written into a jar. For instance
 *
 * <pre>{@code
 * Path jar = PluginJars.jar(dir.resolve("bonus.jar"))
 *     .source("com.acme.BonusFactory", "package com.acme; public final class BonusFactory ... ")
 *     .service(RewardFnFactory.class, "com.acme.BonusFactory")
 *     .write();
 * }</pre>
 *
 * <p>The sources compile against the test's class path and the jars of the SPI, Guava and Arrow. A services file may
 * list a class that no source defines (a provider that fails to load).
 */
public final class PluginJars {
  private final Path jar;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final List<Class<?>> anchors = new ArrayList<>(List.of(PluginJars.class, Providers.class,
      ImmutableList.class, BufferAllocator.class));

  private PluginJars(Path jar) {
    this.jar = jar;
  }

  /** A jar to be written at {@code jar}. */
  public static PluginJars jar(Path jar) {
    return new PluginJars(jar);
  }

  /** Adds the class {@code className} with the Java source {@code source}. */
  public PluginJars source(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** Lists {@code className} in {@code META-INF/services/<service>}. */
  public PluginJars service(Class<?> service, String className) {
    services.computeIfAbsent(service.getName(), k -> new ArrayList<>()).add(className);
    return this;
  }

  /** Also compiles against the jars (or class directories) that {@code classes} come from. */
  public PluginJars compileAgainst(Class<?>... classes) {
    anchors.addAll(List.of(classes));
    return this;
  }

  /**
   * Compiles the sources and writes the jar.
   *
   * @return the jar's path
   * @throws IllegalStateException with the compiler's messages when a source does not compile
   */
  public Path write() throws IOException {
    Path classes = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "classes-");
    if (!sources.isEmpty()) {
      compile(classes);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(classes)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        zip.write(Files.readAllBytes(file));
        zip.closeEntry();
      }
      for (Map.Entry<String, List<String>> service : services.entrySet()) {
        zip.putNextEntry(new JarEntry("META-INF/services/" + service.getKey()));
        zip.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }

  private void compile(Path classes) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    checkState(compiler != null, "no system Java compiler (a JRE without javac?)");
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, text) -> units.add(new Source(name, text)));
    StringWriter messages = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(classes.toFile()));
      List<String> options = List.of("-classpath", classPath(), "-proc:none", "-nowarn");
      boolean ok = compiler.getTask(messages, files, null, options, null, units).call();
      checkState(ok, "plug-in sources do not compile:\n%s", messages);
    }
  }

  /** The test's class path, and the jars (or class directories) of the SPI, Guava, Arrow and the anchors. */
  private String classPath() {
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(entry);
      }
    }
    for (Class<?> anchor : anchors) {
      try {
        entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String className, String text) {
      super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
