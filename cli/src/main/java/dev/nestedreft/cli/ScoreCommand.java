package dev.nestedreft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.backend.Backends;
import dev.nestedreft.api.checkpoint.LoadedModel;
import dev.nestedreft.api.checkpoint.ModelDirectory;
import dev.nestedreft.api.plugin.PluginSet;
import dev.nestedreft.api.text.HfTokenizer;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.backend.ForwardBackend;
import dev.nestedreft.spi.backend.TokenBatch;
import dev.nestedreft.spi.model.HfConfig;
import dev.nestedreft.spi.model.LayerPlan;
import dev.nestedreft.spi.model.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Log-probability of each next token: logprobs[i] = log p(tokens[i+1] | tokens[0..i]).")
final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Model directory (config.json + model.safetensors).")
  Path model;

  @Option(names = "--backend", defaultValue = "tf", description = "Backend name, e.g. tf or onnx (default: "
      + "${DEFAULT-VALUE}).")
  String backend;

  @Option(names = "--skip", description = "Decoder layers to skip, e.g. 3,5 (default: none).")
  String skip;

  @Option(names = "--tokens", description = "Token ids, comma-separated (at least two).")
  String tokens;

  @Option(names = "--text", description = "Text to score, tokenized with the model's own tokenizer.json "
      + "(a bos token is put first when the tokenizer has one).")
  String text;

  @Option(names = "--json", description = "Print {\"tokens\":[...],\"logprobs\":[...]}.")
  boolean json;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  /** bos + the text's ids under the model directory's tokenizer.json. */
  private static int[] encode(Path model, String text) {
    if (!Files.exists(model.resolve("tokenizer.json"))) {
      throw InvalidInputException.of("%s: no tokenizer.json to tokenize --text with; pass --tokens instead", model);
    }
    try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
      return tokenizer.encodeWithBos(text);
    }
  }

  @Override
  public Integer call() throws Exception {
    try (PluginSet plugins = Main.openPlugins(spec)) {
      return run(plugins);
    }
  }

  /** A mistake of {@code --tokens} (or of their choice with {@code --text}): a usage error. */
  private ParameterException usage(String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(format, args));
  }

  /** The ids of {@code --tokens}: integers >= 0, at least two. */
  private int[] tokenIds() {
    int[] ids;
    try {
      ids = Skips.ints("--tokens", tokens);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, tokens);
    }
    for (int id : ids) {
      if (id < 0) {
        throw usage("--tokens: token ids are >= 0, got %d", id);
      }
    }
    if (ids.length < 2) {
      throw usage("--tokens: need at least two tokens to score a next token, got %d", ids.length);
    }
    return ids;
  }

  private Integer run(PluginSet plugins) throws Exception {
    if ((tokens == null) == (text == null)) {
      throw usage("give exactly one of --tokens or --text");
    }
    int[] ids = tokens != null ? tokenIds() : encode(model, text);
    if (ids.length < 2) {
      throw InvalidInputException.of("--text: need at least two tokens to score a next token, got %d", ids.length);
    }
    Backends backends = plugins.backends();
    backends.forwardProviders().select(backend); // fail on a bad name before reading the model
    // The context and the vocabulary from config.json, before the weights are read or a backend runs.
    Path configFile = model.resolve(ModelDirectory.CONFIG);
    ModelSpec modelSpec = HfConfig.read(configFile);
    String option = tokens != null ? "--tokens" : "--text";
    if (ids.length > modelSpec.maxPositionEmbeddings()) {
      String message = String.format("%s: %d tokens exceed the model's context: max_position_embeddings is %d (%s)",
          option, ids.length, modelSpec.maxPositionEmbeddings(), configFile);
      throw tokens != null ? usage("%s", message) : new InvalidInputException(message);
    }
    if (tokens != null) {
      for (int id : ids) {
        if (id >= modelSpec.vocabSize()) {
          throw usage("--tokens: token id %d is outside the vocabulary: vocab_size is %d (%s)", id,
              modelSpec.vocabSize(), configFile);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    try (BufferAllocator allocator = new RootAllocator();
        LoadedModel loaded = ModelDirectory.read(model, allocator)) {
      loaded.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
      LayerPlan plan = Skips.plan(loaded.spec().numHiddenLayers(), skip);
      TokenBatch batch = TokenBatch.of(ids);
      batch.checkVocabulary(loaded.spec().vocabSize());
      float[] logprobs;
      try (ForwardBackend forward = backends.open(backend, loaded.spec(), loaded.weights(),
          common.backendOptions())) {
        logprobs = forward.logits(batch, plan).nextTokenLogprobs(batch)[0];
      }
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.putPOJO("tokens", ids);
        node.putPOJO("logprobs", logprobs);
        out.println(mapper.writeValueAsString(node));
      } else {
        out.printf("backend %s, plan %s%n", backend, plan.compact());
        out.printf("%8s %8s %12s%n", "position", "token", "logprob");
        for (int i = 0; i < logprobs.length; i++) {
          out.printf("%8d %8d %12.6f%n", i + 1, ids[i + 1], logprobs[i]);
        }
      }
    }
    return 0;
  }
}
