package com.example.nestedreft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.BuildInfo;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * This JVM got every option nested-reft was built to need ({@code BuildInfo.current().jvmOptions()}, the reactor's
 * {@code nestedreft.jvm.opens}): the copy in this example's POM, which surefire's argLine passes on, is complete.
 */
class JvmOptionsTest {
  private static final Pattern ADD_OPENS = Pattern.compile("--add-opens=([\\w.]+)/([\\w.]+)=ALL-UNNAMED");

  @Test
  void everyOptionTheLibraryNeedsIsInEffect() {
    List<String> needed = BuildInfo.current().jvmOptions();
    assertThat(needed).isNotEmpty();
    Module unnamed = JvmOptionsTest.class.getModule();
    for (String option : needed) {
      Matcher opens = ADD_OPENS.matcher(option);
      if (opens.matches()) {
        Module module = ModuleLayer.boot().findModule(opens.group(1)).orElseThrow();
        assertThat(module.isOpen(opens.group(2), unnamed)).as("%s in effect", option).isTrue();
      } else {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).as("this JVM's options")
            .contains(option);
      }
    }
  }
}
