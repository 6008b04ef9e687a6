package dev.nestedreft.api.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nestedreft.spi.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The bos, eos and pad ids of a model directory, with their token text where it is known.
 *
 * <p>Resolution, for each of bos/eos/pad: the {@code bos_token}/{@code eos_token}/{@code pad_token} of
 * {@code tokenizer_config.json} (a string or an object with {@code content}) looked up in the vocabulary; else the
 * {@code bos_token_id}/{@code eos_token_id}/{@code pad_token_id} of {@code generation_config.json} (read by
 * {@link GenerationConfig}: an int, or a list whose first element is used). A model with no pad token pads with
 * eos. A model with neither bos nor eos is rejected.
 *
 * @param bosToken the bos text, or null when it was only known by id
 * @param eosToken the eos text, or null when it was only known by id
 * @param padToken the pad text, or null when it was only known by id
 */
public record SpecialTokens(String bosToken, int bosId, String eosToken, int eosId, String padToken, int padId) {

  static SpecialTokens resolve(Path dir, Vocabulary vocab) {
    Path configFile = dir.resolve(ModelFiles.TOKENIZER_CONFIG_JSON);
    Optional<JsonNode> config = ModelFiles.readOptionalJson(configFile);
    Optional<GenerationConfig> generation = GenerationConfig.read(dir);
    Path generationFile = dir.resolve(GenerationConfig.FILE);
    Resolved bos = resolveOne("bos", config, configFile,
        generation.map(GenerationConfig::bosTokenIds), generationFile, vocab);
    Resolved eos = resolveOne("eos", config, configFile,
        generation.map(GenerationConfig::eosTokenIds), generationFile, vocab);
    Resolved pad = resolveOne("pad", config, configFile,
        generation.map(GenerationConfig::padTokenIds), generationFile, vocab);
    if (eos == null) {
      throw InvalidInputException.of(
          "%s: no eos token: neither %s (eos_token) nor %s (eos_token_id) names one",
          dir, ModelFiles.TOKENIZER_CONFIG_JSON, ModelFiles.GENERATION_CONFIG_JSON);
    }
    if (bos == null) {
      throw InvalidInputException.of(
          "%s: no bos token: neither %s (bos_token) nor %s (bos_token_id) names one",
          dir, ModelFiles.TOKENIZER_CONFIG_JSON, ModelFiles.GENERATION_CONFIG_JSON);
    }
    if (pad == null) {
      pad = eos;
    }
    return new SpecialTokens(bos.token, bos.id, eos.token, eos.id, pad.token, pad.id);
  }

  private record Resolved(String token, int id) {}

  /** From tokenizer_config.json's {@code <kind>_token}, else the first of {@code generationIds}; null if neither. */
  private static Resolved resolveOne(
      String kind,
      Optional<JsonNode> config,
      Path configFile,
      Optional<List<Integer>> generationIds,
      Path generationFile,
      Vocabulary vocab) {
    if (config.isPresent()) {
      Optional<String> token = ModelFiles.tokenField(config.get(), kind + "_token", configFile);
      if (token.isPresent()) {
        OptionalInt id = vocab.idOf(token.get());
        if (id.isEmpty()) {
          throw InvalidInputException.of(
              "%s: %s_token \"%s\" is not a token of %s", configFile, kind, token.get(), ModelFiles.TOKENIZER_JSON);
        }
        return new Resolved(token.get(), id.getAsInt());
      }
    }
    List<Integer> ids = generationIds.orElse(List.of());
    if (ids.isEmpty()) {
      return null;
    }
    int id = ids.get(0);
    if (id < 0 || id >= vocab.size()) {
      throw InvalidInputException.of(
          "%s: %s_token_id must be an id below the vocabulary size %d (or a list of them), got %s",
          generationFile, kind, vocab.size(), id);
    }
    return new Resolved(null, id);
  }
}
