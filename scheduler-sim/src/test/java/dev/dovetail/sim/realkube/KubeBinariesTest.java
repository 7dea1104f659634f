package dev.dovetail.sim.realkube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.sim.kube.real.KubeBinaries;
import dev.dovetail.sim.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class KubeBinariesTest {
  @Test
  void theJavaSideLooksForTheVersionTheGoModuleBuilds() throws Exception {
    Path goMod = RepositoryFiles.resolve("scheduler-sim/src/test/go/kube/go.mod");

    String pinned =
        Files.readAllLines(goMod).stream()
            .map(String::trim)
            .filter(l -> l.startsWith("k8s.io/kubernetes "))
            .map(l -> l.split("\\s+")[1])
            .findFirst()
            .orElseThrow();

    assertThat(KubeBinaries.VERSION).isEqualTo(pinned);
    assertThat(KubeBinaries.expectedDirectory().getFileName().toString()).isEqualTo(pinned);
  }

  @Test
  void theMissingMessageNamesTheDirectoryAndTheBuildScript() {
    assertThat(KubeBinaries.missingMessage())
        .contains(KubeBinaries.expectedDirectory().toString())
        .contains(KubeBinaries.BUILD_SCRIPT);
    assertThat(RepositoryFiles.resolve(KubeBinaries.BUILD_SCRIPT)).isExecutable();
  }
}
