package dev.nestedreft.api.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A model's chat template: the Jinja {@code chat_template} of {@code tokenizer_config.json} (or, in newer model
 * directories, the file {@code chat_template.jinja}), rendered by Jinjava with the settings Hugging Face uses
 * ({@code trim_blocks} and {@code lstrip_blocks}).
 *
 * <p>Variables: {@code messages} (a list of maps with {@code role} and {@code content}), {@code
 * add_generation_prompt}, {@code bos_token} and {@code eos_token} (empty strings when the config has none), and
 * the function {@code raise_exception(message)}, which makes {@link #render} throw an {@link
 * InvalidInputException} carrying the message. Template errors (syntax, unknown filters, failed calls) name the
 * file the template came from. Immutable and thread-safe.
 */
public final class ChatTemplate {
  /** One chat message. */
  public record Message(String role, String content) {
    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }

    /** A user message. */
    public static Message user(String content) {
      return new Message("user", content);
    }
  }

  /** The message of the first raise_exception call of the render running on this thread. */
  private static final ThreadLocal<String> RAISED = new ThreadLocal<>();

  private final String template;
  private final String bosToken;
  private final String eosToken;
  private final String source;
  private final Jinjava jinjava;

  private ChatTemplate(String template, String bosToken, String eosToken, String source) {
    this.template = template;
    this.bosToken = bosToken;
    this.eosToken = eosToken;
    this.source = source;
    this.jinjava =
        new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true).build());
    jinjava
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    parseOnce();
  }

  /**
   * The template {@code template}; {@code source} (a file name) is what errors name.
   *
   * @throws InvalidInputException naming {@code source} when the template does not parse
   */
  public static ChatTemplate of(String template, String bosToken, String eosToken, String source) {
    return new ChatTemplate(
        Objects.requireNonNull(template, "template"),
        bosToken == null ? "" : bosToken,
        eosToken == null ? "" : eosToken,
        Objects.requireNonNull(source, "source"));
  }

  /**
   * The chat template of the model directory {@code dir}: {@code chat_template} of {@code tokenizer_config.json}
   * (a string, or a list of {@code {name, template}} of which {@code default} is taken), else {@code
   * chat_template.jinja}.
   *
   * @throws InvalidInputException naming the file when there is no template, or it is malformed
   */
  public static ChatTemplate load(Path dir) {
    Path configFile = dir.resolve(ModelFiles.TOKENIZER_CONFIG_JSON);
    JsonNode config = ModelFiles.readRequiredJson(configFile);
    String bos = ModelFiles.tokenField(config, "bos_token", configFile).orElse("");
    String eos = ModelFiles.tokenField(config, "eos_token", configFile).orElse("");
    JsonNode node = config.get("chat_template");
    if (node != null && node.isTextual()) {
      return of(node.asText(), bos, eos, configFile.toString());
    }
    if (node != null && node.isArray()) {
      for (JsonNode named : node) {
        if ("default".equals(named.path("name").asText()) && named.path("template").isTextual()) {
          return of(named.get("template").asText(), bos, eos, configFile.toString());
        }
      }
      throw InvalidInputException.of("%s: chat_template is a list without a \"default\" template", configFile);
    }
    if (node != null && !node.isNull()) {
      throw InvalidInputException.of("%s: chat_template must be a string, got %s", configFile, node.getNodeType());
    }
    Path jinjaFile = dir.resolve(ModelFiles.CHAT_TEMPLATE_JINJA);
    if (Files.isRegularFile(jinjaFile)) {
      return of(ModelFiles.readRequired(jinjaFile), bos, eos, jinjaFile.toString());
    }
    throw InvalidInputException.of(
        "%s: no chat_template (and no %s beside it); use the raw or few-shot prompt format for this model",
        configFile, ModelFiles.CHAT_TEMPLATE_JINJA);
  }

  /**
   * The text of {@code messages} under the template, followed by the assistant's turn opening when {@code
   * addGenerationPrompt}.
   *
   * @throws InvalidInputException when the template calls {@code raise_exception} or fails to render; the
   *     message names where the template came from (the {@code source} it was made with)
   */
  public String render(List<Message> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> list = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Map<String, Object> map = new HashMap<>();
      map.put("role", m.role());
      map.put("content", m.content());
      list.add(map);
    }
    Map<String, Object> bindings = new HashMap<>();
    bindings.put("messages", list);
    bindings.put("add_generation_prompt", addGenerationPrompt);
    bindings.put("bos_token", bosToken);
    bindings.put("eos_token", eosToken);
    RAISED.remove();
    try {
      RenderResult result = jinjava.renderForResult(template, bindings);
      String raised = RAISED.get();
      if (raised != null) {
        throw InvalidInputException.of("%s: chat_template raised: %s", source, raised);
      }
      return check(result).getOutput();
    } finally {
      RAISED.remove();
    }
  }

  /**
   * Called by templates as {@code raise_exception(message)}: records the message for {@link #render} (the engine
   * reports a failed call without its cause) and aborts the call.
   */
  public static String raiseException(String message) {
    if (RAISED.get() == null) {
      RAISED.set(String.valueOf(message));
    }
    throw new TemplateRaisedException(message);
  }

  private void parseOnce() {
    JinjavaInterpreter interpreter = jinjava.newInterpreter();
    JinjavaInterpreter.pushCurrent(interpreter);
    try {
      interpreter.parse(template);
    } finally {
      JinjavaInterpreter.popCurrent();
    }
    List<TemplateError> fatal =
        interpreter.getErrors().stream()
            .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
            .collect(Collectors.toList());
    if (!fatal.isEmpty()) {
      throw failure(fatal);
    }
  }

  private RenderResult check(RenderResult result) {
    List<TemplateError> fatal =
        result.getErrors().stream()
            .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
            .collect(Collectors.toList());
    if (!fatal.isEmpty()) {
      throw failure(fatal);
    }
    return result;
  }

  private InvalidInputException failure(List<TemplateError> errors) {
    String detail =
        errors.stream()
            .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
            .collect(Collectors.joining("; "));
    return InvalidInputException.of("%s: chat_template error: %s", source, detail);
  }

  /** What {@code raise_exception} throws inside the engine. */
  private static final class TemplateRaisedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateRaisedException(String message) {
      super(message);
    }
  }
}
