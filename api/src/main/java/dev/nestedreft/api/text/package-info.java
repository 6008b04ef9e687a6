/**
 * Real-model text handling, read offline from a Hugging Face model directory: {@link
 * dev.nestedreft.api.text.HfTokenizer} (the model's {@code tokenizer.json} through DJL's bundled native
 * tokenizers library), {@link dev.nestedreft.api.text.ChatTemplate} (the {@code chat_template} of {@code
 * tokenizer_config.json}, rendered by a Jinja engine) and {@link dev.nestedreft.api.text.PromptFormat} (how a
 * task question becomes the prompt text: raw, chat or few-shot). Nothing here touches the network.
 */
package dev.nestedreft.api.text;
