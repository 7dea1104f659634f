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

  /** The line AL2 and Ubuntu start with to log the bootstrap to the console. */
  static final String LOG_LINE =
      "exec > >(tee /var/log/user-data.log|logger -t user-data -s 2>/dev/console) 2>&1\n";

  /** The bootstrap.sh program on AL2 and Ubuntu EKS AMIs. */
  static final String BOOTSTRAP_SH = "/etc/eks/bootstrap.sh";

  private static String bootstrapScript(BootstrapOptions o) {
    return "Content-Type: text/x-shellscript; charset=\"us-ascii\"\n\n"
        + "#!/bin/bash -xe\n"
        + LOG_LINE
        + ShellQuote.command(BOOTSTRAP_SH, bootstrapArguments(o));
  }

  /** The arguments of the bootstrap.sh call, grouped by line. */
  static List<List<String>> bootstrapArguments(BootstrapOptions o) {
    List<String> cluster = new ArrayList<>();
    cluster.add(RenderChecks.oneLine("clusterName", o.clusterName()));
    cluster.add("--apiserver-endpoint");
    cluster.add(RenderChecks.oneLine("clusterEndpoint", o.clusterEndpoint()));
    if (!o.caBundle().isEmpty()) {
      cluster.add("--b64-cluster-ca");
      cluster.add(RenderChecks.oneLine("caBundle", o.caBundle()));
    }
    List<List<String>> groups = new ArrayList<>();
    groups.add(cluster);
    groups.add(List.of("--container-runtime", containerRuntime(o)));
    dnsIps(o).stream().findFirst().ifPresent(dns -> groups.add(List.of("--dns-cluster-ip", dns)));
    groups.add(List.of("--use-max-pods", "false"));
    groups.add(List.of("--kubelet-extra-args", String.join(" ", kubeletFlags(o))));
    return groups;
  }

  private static String containerRuntime(BootstrapOptions o) {
    String runtime = o.kubelet().containerRuntime().orElse("containerd");
    if (!runtime.equals("containerd") && !runtime.equals("dockerd")) {
      throw new IllegalArgumentException(
          "refusing to render user data: containerRuntime must be containerd or dockerd");
    }
    return runtime;
  }

  /** The cluster DNS addresses: the kubelet configuration's, else the discovered one. */
  private static List<String> dnsIps(BootstrapOptions o) {
    List<String> dns =
        o.kubelet().clusterDns().isEmpty()
            ? (o.clusterDnsIp().isEmpty() ? List.of() : List.of(o.clusterDnsIp()))
            : o.kubelet().clusterDns();
    return dns.stream().map(d -> RenderChecks.ip("clusterDNS", d)).toList();
  }

  /**
   * Kubelet flags passed through bootstrap.sh (and nodeadm). Every piece is checked by {@link
   * RenderChecks}, so no flag value holds whitespace, a quote or a separator of its own.
   */
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
                      .map(
                          e ->
                              RenderChecks.mapKey(flag, e.getKey())
                                  + sep
                                  + RenderChecks.mapValue(flag, e.getValue()))
                      .collect(Collectors.joining(","))
              + "\"");
    }
  }

  private static String labels(Map<String, String> labels) {
    return new TreeMap<>(labels)
        .entrySet().stream()
            .filter(e -> !e.getKey().startsWith(RESTRICTED_LABEL_PREFIX))
            .map(
                e ->
                    RenderChecks.labelKey("label key", e.getKey())
                        + "="
                        + RenderChecks.labelValue("label value", e.getValue()))
            .collect(Collectors.joining(","));
  }

  private static String taint(Taint t) {
    return RenderChecks.labelKey("taint key", t.key())
        + "="
        + RenderChecks.labelValue("taint value", t.value() == null ? "" : t.value())
        + ":"
        + t.effect();
  }

  private static String nodeConfig(BootstrapOptions o) {
    return "Content-Type: application/node.eks.aws\n\n"
        + NodeConfigDocument.yaml(nodeConfigTree(o));
  }

  /** The nodeadm NodeConfig as a tree, for the YAML serializer. */
  static Map<String, Object> nodeConfigTree(BootstrapOptions o) {
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", RenderChecks.oneLine("clusterName", o.clusterName()));
    cluster.put("apiServerEndpoint", RenderChecks.oneLine("clusterEndpoint", o.clusterEndpoint()));
    if (!o.caBundle().isEmpty()) {
      cluster.put("certificateAuthority", RenderChecks.oneLine("caBundle", o.caBundle()));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("maxPods", o.maxPods());
    List<String> dns = dnsIps(o);
    if (!dns.isEmpty()) {
      config.put("clusterDNS", dns);
    }
    List<String> flags = new ArrayList<>();
    for (String f : kubeletFlags(o)) {
      if (!f.startsWith("--max-pods")) {
        flags.add(f.replace("\"", ""));
      }
    }
    Map<String, Object> kubelet = new LinkedHashMap<>();
    kubelet.put("config", config);
    kubelet.put("flags", flags);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("cluster", cluster);
    spec.put("kubelet", kubelet);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "node.eks.aws/v1alpha1");
    doc.put("kind", "NodeConfig");
    doc.put("spec", spec);
    return doc;
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
    if (ours.lines().anyMatch(line -> line.startsWith("--" + BOUNDARY))) {
      throw new IllegalArgumentException(
          "refusing to render user data: a value would end its MIME part early");
    }
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
    Map<String, Object> k8s = new LinkedHashMap<>();
    k8s.put("cluster-name", RenderChecks.oneLine("clusterName", o.clusterName()));
    k8s.put("api-server", RenderChecks.oneLine("clusterEndpoint", o.clusterEndpoint()));
    if (!o.caBundle().isEmpty()) {
      k8s.put("cluster-certificate", RenderChecks.oneLine("caBundle", o.caBundle()));
    }
    dnsIps(o).stream().findFirst().ifPresent(dns -> k8s.put("cluster-dns-ip", dns));
    k8s.put("max-pods", o.maxPods());
    o.kubelet()
        .imageGcHighThresholdPercent()
        .ifPresent(v -> k8s.put("image-gc-high-threshold-percent", v));
    o.kubelet()
        .imageGcLowThresholdPercent()
        .ifPresent(v -> k8s.put("image-gc-low-threshold-percent", v));
    o.kubelet().cpuCfsQuota().ifPresent(v -> k8s.put("cpu-cfs-quota-enforced", v));
    Map<String, Object> labels = new TreeMap<>();
    o.labels()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(RESTRICTED_LABEL_PREFIX)) {
                labels.put(
                    RenderChecks.labelKey("label key", k),
                    RenderChecks.labelValue("label value", v));
              }
            });
    if (!labels.isEmpty()) {
      k8s.put("node-labels", labels);
    }
    if (!o.taints().isEmpty()) {
      Map<String, List<String>> byKey = new TreeMap<>();
      o.taints()
          .forEach(
              t ->
                  byKey
                      .computeIfAbsent(
                          RenderChecks.labelKey("taint key", t.key()), k -> new ArrayList<>())
                      .add(
                          RenderChecks.labelValue("taint value", t.value() == null ? "" : t.value())
                              + ":"
                              + t.effect()));
      k8s.put("node-taints", byKey);
    }
    putMap(k8s, "kube-reserved", o.kubelet().kubeReserved());
    putMap(k8s, "system-reserved", o.kubelet().systemReserved());
    putMap(k8s, "eviction-hard", o.kubelet().evictionHard());
    return BottlerocketSettings.merge(o.customUserData(), k8s);
  }

  private static void putMap(Map<String, Object> k8s, String key, Map<String, String> m) {
    if (!m.isEmpty()) {
      Map<String, String> checked = new TreeMap<>();
      m.forEach((k, v) -> checked.put(RenderChecks.mapKey(key, k), RenderChecks.mapValue(key, v)));
      k8s.put(key, checked);
    }
  }

  private static String windows(BootstrapOptions o) {
    StringBuilder s = new StringBuilder("<powershell>\n");
    if (o.customUserData() != null) {
      s.append(o.customUserData().replace("<powershell>", "").replace("</powershell>", ""))
          .append('\n');
    }
    s.append(
        "[string]$EKSBootstrapScriptFile = \"$env:ProgramFiles\\Amazon\\EKS\\Start-EKSBootstrap.ps1\"\n");
    s.append("& $EKSBootstrapScriptFile");
    List<String> args = windowsArguments(o);
    for (int i = 0; i < args.size(); i += 2) {
      // names are constants; only values come from the user
      s.append(' ').append(args.get(i)).append(' ').append(PowerShellQuote.quote(args.get(i + 1)));
    }
    return s.append("\n</powershell>\n").toString();
  }

  /** The Start-EKSBootstrap.ps1 parameters: constant names alternating with their values. */
  static List<String> windowsArguments(BootstrapOptions o) {
    List<String> args = new ArrayList<>();
    args.add("-EKSClusterName");
    args.add(RenderChecks.oneLine("clusterName", o.clusterName()));
    args.add("-APIServerEndpoint");
    args.add(RenderChecks.oneLine("clusterEndpoint", o.clusterEndpoint()));
    if (!o.caBundle().isEmpty()) {
      args.add("-Base64ClusterCA");
      args.add(RenderChecks.oneLine("caBundle", o.caBundle()));
    }
    args.add("-KubeletExtraArgs");
    args.add(String.join(" ", kubeletFlags(o)).replace("\"", ""));
    return args;
  }
}
