package dev.dovetail.sim.kube.real;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One request recorded in kube-apiserver's audit log: who asked for what and the answer's status
 * code. {@code apiGroup} is empty for the core group; {@code subresource} is empty when none.
 */
public record AuditEvent(
    String user,
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    int code) {

  /** Records every request by a service account (metadata only), nothing else. */
  static final String POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: ["RequestReceived"]
      rules:
        - level: Metadata
          userGroups: ["system:serviceaccounts"]
        - level: None
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The resource as RBAC names it: {@code pods} or {@code pods/eviction}. */
  public String rbacResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  /** Whether the server refused the request for lack of permission. */
  public boolean forbidden() {
    return code == 403;
  }

  static List<AuditEvent> read(Path log) {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<AuditEvent> events = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode event = JSON.readTree(line);
        JsonNode ref = event.path("objectRef");
        events.add(
            new AuditEvent(
                event.path("user").path("username").asText(),
                event.path("verb").asText(),
                ref.path("apiGroup").asText(""),
                ref.path("resource").asText(""),
                ref.path("subresource").asText(""),
                ref.path("namespace").asText(""),
                ref.path("name").asText(""),
                event.path("responseStatus").path("code").asInt()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the audit log " + log, e);
    }
    return events;
  }
}
