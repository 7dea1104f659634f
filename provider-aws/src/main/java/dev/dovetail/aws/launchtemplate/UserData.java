package dev.dovetail.aws.launchtemplate;

import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.scheduling.Taint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds user data per AMI family: MIME multipart with the EKS {@code bootstrap.sh} call for AL2
 * and Ubuntu (user parts first), a nodeadm {@code NodeConfig} part for AL2023, the user's TOML
 * merged with {@code settings.kubernetes} for Bottlerocket, and the user's data unchanged for
 * Custom.
 */
public final class UserData {
  static final String BOUNDARY = "//";
  private static final String RESTRICTED_LABEL_PREFIX = "node-restriction.kubernetes.io/";

  private UserData() {}

  /** The user data, base64-encoded as EC2 wants it. */
  public static String encoded(AmiFamily family, BootstrapOptions o) {
    return Base64.getEncoder().encodeToString(plain(family, o).getBytes(StandardCharsets.UTF_8));
  }

  /** The user data in clear text. */
  public static String plain(AmiFamily family, BootstrapOptions o) {
    return switch (family) {
      case AL2, UBUNTU -> mime(userParts(o.customUserData()), bootstrapScript(o));
      case AL2023 -> mime(userParts(o.customUserData()), nodeConfig(o));
      case BOTTLEROCKET -> bottlerocket(o);
      case WINDOWS2019, WINDOWS2022 -> windows(o);
      case CUSTOM -> o.customUserData() == null ? "" : o.customUserData();
    };
  }

  private static String bootstrapScript(BootstrapOptions o) {
    StringBuilder s = new StringBuilder();
    s.append("Content-Type: text/x-shellscript; charset=\"us-ascii\"\n\n");
    s.append("#!/bin/bash -xe\n");
    s.append("exec > >(tee /var/log/user-data.log|logger -t user-data -s 2>/dev/console) 2>&1\n");
    s.append("/etc/eks/bootstrap.sh '").append(o.clusterName()).append("'");
    s.append(" --apiserver-endpoint '").append(o.clusterEndpoint()).append("'");
    if (!o.caBundle().isEmpty()) {
      s.append(" --b64-cluster-ca '").append(o.caBundle()).append("'");
    }
    s.append(" \\\n--container-runtime ")
        .append(o.kubelet().containerRuntime().orElse("containerd"));
    String dns =
        o.kubelet().clusterDns().isEmpty() ? o.clusterDnsIp() : o.kubelet().clusterDns().get(0);
    if (!dns.isEmpty()) {
      s.append(" \\\n--dns-cluster-ip '").append(dns).append("'");
    }
    s.append(" \\\n--use-max-pods false");
    s.append(" \\\n--kubelet-extra-args '").append(String.join(" ", kubeletFlags(o))).append("'\n");
    return s.toString();
  }

  /** Kubelet flags passed through bootstrap.sh (and nodeadm). */
  static List<String> kubeletFlags(BootstrapOptions o) {
    List<String> flags = new ArrayList<>();
    String labels = labels(o.labels());
    if (!labels.isEmpty()) {
      flags.add("--node-labels=\"" + labels + "\"");
    }
    if (!o.taints().isEmpty()) {
      flags.add(
          "--register-with-taints=\""
              + o.taints().stream().map(UserData::taint).collect(Collectors.joining(","))
              + "\"");
    }
    flags.add("--max-pods=" + o.maxPods());
    KubeletConfig k = o.kubelet();
    addMap(flags, "--system-reserved", k.systemReserved(), "=");
    addMap(flags, "--kube-reserved", k.kubeReserved(), "=");
    addMap(flags, "--eviction-hard", k.evictionHard(), "<");
    addMap(flags, "--eviction-soft", k.evictionSoft(), "<");
    addMap(flags, "--eviction-soft-grace-period", k.evictionSoftGracePeriod(), "=");
    k.evictionMaxPodGracePeriod().ifPresent(v -> flags.add("--eviction-max-pod-grace-period=" + v));
    k.imageGcHighThresholdPercent().ifPresent(v -> flags.add("--image-gc-high-threshold=" + v));
    k.imageGcLowThresholdPercent().ifPresent(v -> flags.add("--image-gc-low-threshold=" + v));
    k.cpuCfsQuota().ifPresent(v -> flags.add("--cpu-cfs-quota=" + v));
    return flags;
  }

  private static void addMap(List<String> flags, String flag, Map<String, String> m, String sep) {
    if (!m.isEmpty()) {
      flags.add(
          flag
              + "=\""
              + new TreeMap<>(m)
                  .entrySet().stream()
                      .map(e -> e.getKey() + sep + e.getValue())
                      .collect(Collectors.joining(","))
              + "\"");
    }
  }

  private static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .filter(e -> !e.getKey().startsWith(RESTRICTED_LABEL_PREFIX))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  private static String taint(Taint t) {
    return t.key() + "=" + (t.value() == null ? "" : t.value()) + ":" + t.effect();
  }

  private static String nodeConfig(BootstrapOptions o) {
    StringBuilder s = new StringBuilder();
    s.append("Content-Type: application/node.eks.aws\n\n");
    s.append("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n");
    s.append("    name: ").append(o.clusterName()).append('\n');
    s.append("    apiServerEndpoint: ").append(o.clusterEndpoint()).append('\n');
    if (!o.caBundle().isEmpty()) {
      s.append("    certificateAuthority: ").append(o.caBundle()).append('\n');
    }
    s.append("  kubelet:\n    config:\n");
    s.append("      maxPods: ").append(o.maxPods()).append('\n');
    List<String> dns =
        o.kubelet().clusterDns().isEmpty()
            ? (o.clusterDnsIp().isEmpty() ? List.of() : List.of(o.clusterDnsIp()))
            : o.kubelet().clusterDns();
    if (!dns.isEmpty()) {
      s.append("      clusterDNS:\n");
      dns.forEach(d -> s.append("      - ").append(d).append('\n'));
    }
    s.append("    flags:\n");
    for (String f : kubeletFlags(o)) {
      if (!f.startsWith("--max-pods")) {
        s.append("    - ").append(f.replace("\"", "")).append('\n');
      }
    }
    return s.toString();
  }

  /** User data as MIME parts: a MIME document's parts as they are, anything else as one part. */
  static List<String> userParts(String custom) {
    if (custom == null || custom.isBlank()) {
      return List.of();
    }
    String text = custom.replace("\r\n", "\n");
    if (text.startsWith("MIME-Version:") || text.startsWith("Content-Type: multipart")) {
      int b = text.indexOf("boundary=");
      if (b < 0) {
        return List.of(text);
      }
      String boundary = text.substring(b + 9).split("\n", 2)[0].replace("\"", "").trim();
      List<String> parts = new ArrayList<>();
      for (String part :
          text.split("(?m)^--" + java.util.regex.Pattern.quote(boundary) + "(--)?\\s*$")) {
        String p = part.strip();
        if (!p.isEmpty()
            && !p.startsWith("MIME-Version")
            && !p.startsWith("Content-Type: multipart")) {
          parts.add(p + "\n");
        }
      }
      return parts;
    }
    String type = text.startsWith("#cloud-config") ? "text/cloud-config" : "text/x-shellscript";
    return List.of(
        "Content-Type: "
            + type
            + "; charset=\"us-ascii\"\n\n"
            + text
            + (text.endsWith("\n") ? "" : "\n"));
  }

  private static String mime(List<String> userParts, String ours) {
    StringBuilder s = new StringBuilder();
    s.append("MIME-Version: 1.0\n");
    s.append("Content-Type: multipart/mixed; boundary=\"").append(BOUNDARY).append("\"\n\n");
    for (String part : userParts) {
      s.append("--").append(BOUNDARY).append('\n').append(part).append('\n');
    }
    s.append("--")
        .append(BOUNDARY)
        .append('\n')
        .append(ours)
        .append("\n--")
        .append(BOUNDARY)
        .append("--\n");
    return s.toString();
  }

  private static String bottlerocket(BootstrapOptions o) {
    Map<String, Map<String, String>> toml = parseToml(o.customUserData());
    Map<String, String> k8s =
        toml.computeIfAbsent("settings.kubernetes", t -> new LinkedHashMap<>());
    k8s.put("cluster-name", quote(o.clusterName()));
    k8s.put("api-server", quote(o.clusterEndpoint()));
    if (!o.caBundle().isEmpty()) {
      k8s.put("cluster-certificate", quote(o.caBundle()));
    }
    String dns =
        o.kubelet().clusterDns().isEmpty() ? o.clusterDnsIp() : o.kubelet().clusterDns().get(0);
    if (!dns.isEmpty()) {
      k8s.put("cluster-dns-ip", quote(dns));
    }
    k8s.put("max-pods", Long.toString(o.maxPods()));
    o.kubelet()
        .imageGcHighThresholdPercent()
        .ifPresent(v -> k8s.put("image-gc-high-threshold-percent", Integer.toString(v)));
    o.kubelet()
        .imageGcLowThresholdPercent()
        .ifPresent(v -> k8s.put("image-gc-low-threshold-percent", Integer.toString(v)));
    o.kubelet().cpuCfsQuota().ifPresent(v -> k8s.put("cpu-cfs-quota-enforced", v.toString()));
    if (!o.labels().isEmpty()) {
      Map<String, String> labels =
          toml.computeIfAbsent("settings.kubernetes.node-labels", t -> new LinkedHashMap<>());
      new TreeMap<>(o.labels())
          .forEach(
              (k, v) -> {
                if (!k.startsWith(RESTRICTED_LABEL_PREFIX)) {
                  labels.put(quote(k), quote(v));
                }
              });
    }
    if (!o.taints().isEmpty()) {
      Map<String, List<String>> byKey = new TreeMap<>();
      o.taints()
          .forEach(
              t ->
                  byKey
                      .computeIfAbsent(t.key(), k -> new ArrayList<>())
                      .add(quote((t.value() == null ? "" : t.value()) + ":" + t.effect())));
      Map<String, String> taints =
          toml.computeIfAbsent("settings.kubernetes.node-taints", t -> new LinkedHashMap<>());
      byKey.forEach((k, v) -> taints.put(quote(k), "[" + String.join(", ", v) + "]"));
    }
    putMap(toml, "settings.kubernetes.kube-reserved", o.kubelet().kubeReserved());
    putMap(toml, "settings.kubernetes.system-reserved", o.kubelet().systemReserved());
    putMap(toml, "settings.kubernetes.eviction-hard", o.kubelet().evictionHard());
    StringBuilder s = new StringBuilder();
    toml.forEach(
        (table, entries) -> {
          if (!table.isEmpty()) {
            s.append('[').append(table).append("]\n");
          }
          entries.forEach((k, v) -> s.append(k).append(" = ").append(v).append('\n'));
          s.append('\n');
        });
    return s.toString().stripTrailing() + "\n";
  }

  private static void putMap(
      Map<String, Map<String, String>> toml, String table, Map<String, String> m) {
    if (!m.isEmpty()) {
      Map<String, String> t = toml.computeIfAbsent(table, k -> new LinkedHashMap<>());
      new TreeMap<>(m).forEach((k, v) -> t.put(quote(k), quote(v)));
    }
  }

  /**
   * A minimal TOML reader for Bottlerocket settings: {@code [table]} headers and {@code key =
   * value} lines; values are kept as written.
   *
   * @throws IllegalArgumentException naming the line that is not TOML
   */
  static Map<String, Map<String, String>> parseToml(String text) {
    Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return tables;
    }
    String current = "";
    int n = 0;
    for (String raw : text.split("\n")) {
      n++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
        tables.computeIfAbsent(current, t -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "spec.userData: line " + n + " is not TOML (expected [table] or key = value): " + line);
      }
      tables
          .computeIfAbsent(current, t -> new LinkedHashMap<>())
          .put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return tables;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String windows(BootstrapOptions o) {
    StringBuilder s = new StringBuilder("<powershell>\n");
    if (o.customUserData() != null) {
      s.append(o.customUserData().replace("<powershell>", "").replace("</powershell>", ""))
          .append('\n');
    }
    s.append(
        "[string]$EKSBootstrapScriptFile = \"$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1\"\n");
    s.append("& $EKSBootstrapScriptFile -EKSClusterName '")
        .append(o.clusterName())
        .append("' -APIServerEndpoint '")
        .append(o.clusterEndpoint())
        .append("'");
    if (!o.caBundle().isEmpty()) {
      s.append(" -Base64ClusterCA '").append(o.caBundle()).append("'");
    }
    s.append(" -KubeletExtraArgs '")
        .append(String.join(" ", kubeletFlags(o)).replace("\"", ""))
        .append("'\n</powershell>\n");
    return s.toString();
  }
}
