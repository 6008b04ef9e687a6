package dev.nestedreft.api.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small Hugging Face model directories for the tests. */
final class ModelDirs {
  /** A WordLevel model, whitespace pre-tokenizer, specials pad=0, bos=1, eos=2, unk=3; a post-processor adding bos. */
  static final String TOKENIZER_JSON =
      """
      {
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [
          {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
          {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
          {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
        ],
        "normalizer": null,
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {
          "type": "TemplateProcessing",
          "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
          "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
          "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}
        },
        "decoder": null,
        "model": {
          "type": "WordLevel",
          "vocab": {"<pad>": 0, "<s>": 1, "</s>": 2, "<unk>": 3, "the": 4, "cat": 5, "sat": 6, "on": 7, "mat": 8,
                    "2": 9, "+": 10, "=": 11, "4": 12},
          "unk_token": "<unk>"
        }
      }
      """;

  static final String CHATML =
      "{% for message in messages %}<|im_start|>{{ message['role'] }}\\n{{ message['content'] }}<|im_end|>\\n"
          + "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\\n{% endif %}";

  static String tokenizerConfig(String chatTemplateJson) {
    return """
        {
          "bos_token": "<s>",
          "eos_token": {"__type": "AddedToken", "content": "</s>", "lstrip": false, "normalized": false, "rstrip": false, "single_word": false},
          "pad_token": "<pad>",
          "chat_template": %s
        }
        """
        .formatted(chatTemplateJson);
  }

  /** A complete directory: tokenizer.json and a tokenizer_config.json with the ChatML template. */
  static Path write(Path dir) {
    return write(dir, TOKENIZER_JSON, tokenizerConfig("\"" + CHATML + "\""));
  }

  static Path write(Path dir, String tokenizerJson, String tokenizerConfig) {
    try {
      if (tokenizerJson != null) {
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
      }
      if (tokenizerConfig != null) {
        Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ModelDirs() {}
}
