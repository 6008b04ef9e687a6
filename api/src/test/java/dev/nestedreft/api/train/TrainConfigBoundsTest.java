package dev.nestedreft.api.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nestedreft.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Run names are plain directory names and learning rates are sane, checked with every other problem at once. */
class TrainConfigBoundsTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "name ''{0}''")
  @ValueSource(strings = {".", "..", "", "a/b", "../up", "/abs", ".sft-cache", "-dash", "sp ace", "a\\\\b"})
  void aRunNameThatIsNotAPlainDirectoryNameIsRefused(String name) {
    assertThatThrownBy(() -> TrainConfigReader.fromTree(new ObjectMapper().valueToTree(Map.of("name", name,
        "steps", -1)), "c.yaml", TrainConfig.demo()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("c.yaml: 2 problems:")
        .hasMessageContaining("name must be a plain directory name")
        .hasMessageContaining("got '" + name + "'")
        .hasMessageContaining("steps must be >= 0, got -1");
    assertThat(TrainConfig.isValidName(name)).isFalse();
  }

  @Test
  void plainNamesAreAcceptedUpToTheLimit() {
    for (String name : new String[] {"demo", "run-1.b_2", "7", "x".repeat(TrainConfig.MAX_NAME_LENGTH)}) {
      assertThat(TrainConfig.demo().toBuilder().name(name).build().name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> TrainConfig.demo().toBuilder().name("x".repeat(TrainConfig.MAX_NAME_LENGTH + 1))
        .build()).hasMessageContaining("at most 100 characters");
  }

  @Test
  void learningRatesMustBeFiniteAndAtMostTheBound() throws IOException {
    Path file = Files.writeString(dir.resolve("lr.yaml"), "learning_rate: 1e308\nsft_learning_rate: 2\n");
    assertThatThrownBy(() -> TrainConfigReader.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + ": 2 problems:")
        .hasMessageContaining("learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got 1.0E308")
        .hasMessageContaining("sft_learning_rate must be a finite number in (0, 1.0] (MAX_LEARNING_RATE), got 2.0");
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1e-4, 1.5}) {
      assertThatThrownBy(() -> TrainConfig.demo().toBuilder().learningRate(bad).build())
          .hasMessageContaining("learning_rate must be a finite number in (0, 1.0]");
    }
    assertThat(TrainConfig.demo().toBuilder().learningRate(TrainConfig.MAX_LEARNING_RATE).build().learningRate())
        .isEqualTo(1.0);
  }
}
