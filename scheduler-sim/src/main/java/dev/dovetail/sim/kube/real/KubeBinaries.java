package dev.dovetail.sim.kube.real;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the {@code kube-apiserver} and {@code etcd} binaries built by {@code
 * scheduler-sim/src/test/go/kube/build.sh} live: {@code $DOVETAIL_KUBE_DIR} when set, else {@code
 * ${XDG_CACHE_HOME:-~/.cache}/dovetail/kube/<version>/}, the directory the script writes.
 */
public record KubeBinaries(Path directory) {
  /** The Kubernetes version pinned in the Go module's go.mod (a test keeps the two equal). */
  public static final String VERSION = "v1.34.4";

  /** The script that builds the binaries, relative to the repository root. */
  public static final String BUILD_SCRIPT = "scheduler-sim/src/test/go/kube/build.sh";

  public Path apiserver() {
    return directory.resolve("kube-apiserver");
  }

  public Path etcd() {
    return directory.resolve("etcd");
  }

  /** The directory the binaries are expected in on this machine. */
  public static Path expectedDirectory() {
    String override = System.getenv("DOVETAIL_KUBE_DIR");
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("dovetail").resolve("kube").resolve(VERSION);
  }

  /** The binaries, when both are built. */
  public static Optional<KubeBinaries> find() {
    KubeBinaries binaries = new KubeBinaries(expectedDirectory());
    return Files.isExecutable(binaries.apiserver()) && Files.isExecutable(binaries.etcd())
        ? Optional.of(binaries)
        : Optional.empty();
  }

  /** Why {@link #find()} found nothing, as one line a user can act on. */
  public static String missingMessage() {
    return "no kube-apiserver and etcd "
        + VERSION
        + " in "
        + expectedDirectory()
        + " (build them with "
        + BUILD_SCRIPT
        + ", which needs Go)";
  }
}
