package dev.nestedreft.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nestedreft.spi.BuildInfo;
import dev.nestedreft.spi.backend.Provenance;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NestedReftTest {
  @Test
  void provenanceCarriesTheBuildsVersionAndTheCallersEntries() {
    Provenance p = NestedReft.provenance(Map.of("seed", "7"));
    assertThat(NestedReft.VERSION).isEqualTo(BuildInfo.current().version()).isNotBlank();
    assertThat(p.entries())
        .containsEntry(Provenance.PREFIX + "version", NestedReft.VERSION)
        .containsEntry(Provenance.PREFIX + "java", System.getProperty("java.version"))
        .containsEntry(Provenance.PREFIX + "seed", "7");
  }

  @Test
  void theBuildKeysAreTheEntriesProvenanceTakesFromTheBuild() {
    assertThat(NestedReft.BUILD_KEYS).containsAll(NestedReft.provenance(Map.of()).entries().keySet());
  }

  /** BuildInfoTest checks that a build in a git checkout records the checkout's HEAD. */
  @Test
  void provenanceRecordsTheGitCommitTheProjectWasBuiltFrom() {
    assertThat(Optional.ofNullable(NestedReft.provenance(Map.of()).entries().get(Provenance.PREFIX + "git_commit")))
        .isEqualTo(BuildInfo.current().gitCommit());
  }
}
