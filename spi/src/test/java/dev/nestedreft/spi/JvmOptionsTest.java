package dev.nestedreft.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmOptionsTest {
  @Test
  void reportsTheOpensThisJvmLacksAndNoneOfThoseItHas() {
    // The tests run with the project's options (surefire's argLine), and nothing opens jdk.internal.misc.
    assertThat(JvmOptions.missing(BuildInfo.current().jvmOptions())).isEmpty();
    JvmOptions.require("this test");
    String absent = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";
    assertThat(JvmOptions.missing(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", absent, "-Xmx1g")))
        .containsExactly(absent);
  }
}
