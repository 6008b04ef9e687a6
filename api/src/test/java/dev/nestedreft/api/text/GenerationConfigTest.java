package dev.nestedreft.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {
  @TempDir Path dir;

  @Test
  void readsOneIdOrAListOfIdsAndNothingWithoutTheFile() throws IOException {
    assertThat(GenerationConfig.read(dir)).isEmpty();
    Files.writeString(dir.resolve(GenerationConfig.FILE), "{\"bos_token_id\": 1, \"eos_token_id\": [2, 7]}");
    GenerationConfig generation = GenerationConfig.read(dir).orElseThrow();
    assertThat(generation.bosTokenIds()).containsExactly(1);
    assertThat(generation.eosTokenIds()).containsExactly(2, 7);
    assertThat(generation.padTokenIds()).isEmpty();
  }

  @Test
  void anIdThatIsNotAnIntegerIsNamedWithItsFile() throws IOException {
    Files.writeString(dir.resolve(GenerationConfig.FILE), "{\"eos_token_id\": [2, \"x\"]}");
    assertThatThrownBy(() -> GenerationConfig.read(dir)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dir.resolve(GenerationConfig.FILE).toString())
        .hasMessageContaining("field 'eos_token_id' must be an integer or a list of integers");
    Files.writeString(dir.resolve(GenerationConfig.FILE), "[1]");
    assertThatThrownBy(() -> GenerationConfig.read(dir)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expected a JSON object");
  }
}
