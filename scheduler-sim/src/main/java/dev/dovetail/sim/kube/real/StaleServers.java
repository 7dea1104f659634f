package dev.dovetail.sim.kube.real;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Cleans up after a JVM that was killed before its shutdown hook ran: its data directory under the
 * temporary directory is named after its process id, and the etcd and kube-apiserver it started
 * name that directory on their command lines.
 */
final class StaleServers {
  private StaleServers() {}

  /** Kills the servers of dead JVMs whose data directories start with {@code prefix}. */
  static void reap(String prefix) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    File[] dirs = tmp.toFile().listFiles((dir, name) -> name.startsWith(prefix));
    if (dirs == null) {
      return;
    }
    for (File dir : dirs) {
      long owner = ownerPid(dir.getName().substring(prefix.length()));
      if (owner <= 0 || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
        continue;
      }
      String path = dir.getAbsolutePath();
      ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().map(c -> c.contains(path)).orElse(false))
          .forEach(ProcessHandle::destroyForcibly);
      deleteTree(dir.toPath());
    }
  }

  private static long ownerPid(String rest) {
    int dash = rest.indexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(rest.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a leftover temporary directory is harmless and reaped next time.
    }
  }
}
