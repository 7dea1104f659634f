package dev.dovetail.sim.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A kubeconfig with one cluster, user and context of the same name, for {@code kubectl}. */
public final class Kubeconfig {
  private Kubeconfig() {}

  /**
   * Writes it to {@code file} and returns the path.
   *
   * @param certificateAuthority the PEM file the server's certificate is checked against, or null
   *     for a plain-HTTP server
   */
  public static Path write(
      Path file, String name, String server, String certificateAuthority, String token) {
    List<String> lines = new ArrayList<>();
    lines.addAll(List.of("apiVersion: v1", "kind: Config", "clusters:", "- name: " + name));
    lines.addAll(List.of("  cluster:", "    server: " + server));
    if (certificateAuthority != null) {
      lines.add("    certificate-authority: " + certificateAuthority);
    }
    lines.addAll(
        List.of(
            "contexts:",
            "- name: " + name,
            "  context:",
            "    cluster: " + name,
            "    user: " + name,
            "    namespace: default",
            "current-context: " + name,
            "users:",
            "- name: " + name,
            "  user:",
            "    token: " + token,
            ""));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      return Files.writeString(file, String.join("\n", lines));
    } catch (IOException e) {
      throw new UncheckedIOException("writing kubeconfig " + file, e);
    }
  }
}
