package dev.dovetail.aws.launchtemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dovetail.api.validation.IpAddresses;
import dev.dovetail.api.validation.Syntax;
import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary strings (quotes, $(), backticks, newlines, NUL, unicode, typographic quotes) go into
 * every field that reaches a node's bootstrap. For each AMI family the renderer either refuses the
 * value with an IllegalArgumentException or produces a document that parses back to exactly the
 * intended arguments or keys: AL2/Ubuntu scripts pass {@code bash -n} and, run by bash against a
 * stub bootstrap.sh, hand it exactly the expected argv; AL2023 YAML and Bottlerocket TOML parse to
 * exactly the expected tree; the Windows call tokenizes to exactly the expected parameters. The
 * expected values are built here from the inputs, not by the renderer's own code.
 */
class UserDataInjectionPropertyTest {
  private static Path dir;
  private static Path stub;

  enum Field {
    CLUSTER_NAME,
    ENDPOINT,
    CA_BUNDLE,
    DNS,
    LABEL_KEY,
    LABEL_VALUE,
    TAINT_KEY,
    TAINT_VALUE,
    RESERVED_VALUE,
    CUSTOM_TOML_VALUE
  }

  /** What the test feeds in; the other fields keep plain values. */
  record Input(Field field, String value) {
    String get(Field f, String normal) {
      return f == field ? value : normal;
    }

    BootstrapOptions options(String customUserData) {
      return new BootstrapOptions(
          get(Field.CLUSTER_NAME, "prod"),
          get(Field.ENDPOINT, "https://api.example"),
          get(Field.CA_BUNDLE, "Q0E="),
          get(Field.DNS, "10.100.0.10"),
          Map.of(get(Field.LABEL_KEY, "team"), get(Field.LABEL_VALUE, "a")),
          List.of(
              new Taint(
                  get(Field.TAINT_KEY, "dedicated"),
                  get(Field.TAINT_VALUE, "gpu"),
                  TaintEffect.NO_SCHEDULE)),
          29,
          KubeletConfig.DEFAULTS.withSystemReserved(
              Map.of("cpu", get(Field.RESERVED_VALUE, "100m"))),
          customUserData);
    }

    /** Whether the renderer must accept this input: it is what Kubernetes and EKS accept. */
    boolean acceptable() {
      return switch (field) {
        case CLUSTER_NAME, ENDPOINT, CA_BUNDLE ->
            value
                    .codePoints()
                    .noneMatch(
                        c -> {
                          int t = Character.getType(c);
                          return t == Character.CONTROL
                              || t == Character.FORMAT
                              || t == Character.LINE_SEPARATOR
                              || t == Character.PARAGRAPH_SEPARATOR
                              || t == Character.SURROGATE;
                        })
                && !value.toLowerCase(java.util.Locale.ROOT).contains("</powershell>");
        case DNS -> value.isEmpty() || IpAddresses.isIp(value);
        case LABEL_KEY, TAINT_KEY ->
            Syntax.qualifiedNameError(value) == null
                && !value.startsWith("node-restriction.kubernetes.io/");
        case LABEL_VALUE, TAINT_VALUE -> Syntax.labelValueError(value) == null;
        case RESERVED_VALUE -> value.matches("[A-Za-z0-9.%_-]{1,63}");
        case CUSTOM_TOML_VALUE ->
            value.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE);
      };
    }

    String expectedKubeletExtraArgs() {
      return "--node-labels=\""
          + get(Field.LABEL_KEY, "team")
          + "="
          + get(Field.LABEL_VALUE, "a")
          + "\" --register-with-taints=\""
          + get(Field.TAINT_KEY, "dedicated")
          + "="
          + get(Field.TAINT_VALUE, "gpu")
          + ":NoSchedule\" --max-pods=29 --system-reserved=\"cpu="
          + get(Field.RESERVED_VALUE, "100m")
          + "\"";
    }
  }

  @BeforeContainer
  static void stubBootstrap() throws IOException {
    dir = Files.createTempDirectory("userdata-property");
    stub = dir.resolve("bootstrap-stub.sh");
    Files.writeString(stub, "#!/bin/bash\nprintf '%s\\0' \"$@\" >> \"$ARGV_OUT\"\n");
    stub.toFile().setExecutable(true);
  }

  @AfterContainer
  static void removeStub() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings()
            .withChars("'\"$`\\;|&(){}<>*?~#=,:./ -\n\r\t\0\u2018\u2019\u201A\u201B\u00e9\u4e2d")
            .withCharRange('a', 'c')
            .withCharRange('0', '2')
            .ofMaxLength(30),
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars("-._/")
            .ofMinLength(1)
            .ofMaxLength(20),
        Arbitraries.of(
            "x' ; touch /tmp/pwned ; echo '",
            "10.0.0.10' ; touch /tmp/pwned2 ; echo '",
            "$(reboot)",
            "`reboot`",
            "a\nkey: value",
            "a\n--//\nContent-Type: text/x-shellscript\n\n#!/bin/bash\ntouch /tmp/pwned\n",
            "x\" \nsettings.host-containers.admin.enabled = true\n\"",
            "\u2019; Remove-Item C:\\ -Recurse; \u2018",
            "a' -Extra 'b",
            "</powershell><powershell>evil",
            "fd00::10",
            "10.0.0.1",
            "100Mi",
            "example.com/x_y"));
  }

  @Provide
  Arbitrary<Input> inputs() {
    return net.jqwik.api.Combinators.combine(Arbitraries.of(Field.class), hostile()).as(Input::new);
  }

  @Property(tries = 300)
  void shellFamiliesPassExactlyTheIntendedArgv(@ForAll("inputs") Input input) throws Exception {
    for (AmiFamily family : List.of(AmiFamily.AL2, AmiFamily.UBUNTU)) {
      String userData;
      try {
        userData = UserData.plain(family, input.options(null));
      } catch (IllegalArgumentException refused) {
        assertThat(input.acceptable()).as("refused: %s", refused.getMessage()).isFalse();
        continue;
      }
      List<String> expected = new ArrayList<>();
      expected.add(input.get(Field.CLUSTER_NAME, "prod"));
      expected.add("--apiserver-endpoint");
      expected.add(input.get(Field.ENDPOINT, "https://api.example"));
      if (!input.get(Field.CA_BUNDLE, "Q0E=").isEmpty()) {
        expected.add("--b64-cluster-ca");
        expected.add(input.get(Field.CA_BUNDLE, "Q0E="));
      }
      expected.add("--container-runtime");
      expected.add("containerd");
      if (!input.get(Field.DNS, "10.100.0.10").isEmpty()) {
        expected.add("--dns-cluster-ip");
        expected.add(input.get(Field.DNS, "10.100.0.10"));
      }
      expected.addAll(
          List.of(
              "--use-max-pods", "false", "--kubelet-extra-args", input.expectedKubeletExtraArgs()));
      assertThat(runAgainstStub(shellPart(userData))).isEqualTo(expected);
    }
  }

  @Property(tries = 300)
  void al2023NodeConfigParsesToExactlyTheIntendedDocument(@ForAll("inputs") Input input)
      throws Exception {
    String userData;
    try {
      userData = UserData.plain(AmiFamily.AL2023, input.options(null));
    } catch (IllegalArgumentException refused) {
      assertThat(input.acceptable()).as("refused: %s", refused.getMessage()).isFalse();
      return;
    }
    String part = mimePart(userData, "Content-Type: application/node.eks.aws");
    JsonNode parsed = new YAMLMapper().readTree(part);
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", input.get(Field.CLUSTER_NAME, "prod"));
    cluster.put("apiServerEndpoint", input.get(Field.ENDPOINT, "https://api.example"));
    if (!input.get(Field.CA_BUNDLE, "Q0E=").isEmpty()) {
      cluster.put("certificateAuthority", input.get(Field.CA_BUNDLE, "Q0E="));
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("maxPods", 29);
    if (!input.get(Field.DNS, "10.100.0.10").isEmpty()) {
      config.put("clusterDNS", List.of(input.get(Field.DNS, "10.100.0.10")));
    }
    Map<String, Object> expected =
        Map.of(
            "apiVersion",
            "node.eks.aws/v1alpha1",
            "kind",
            "NodeConfig",
            "spec",
            Map.of(
                "cluster",
                cluster,
                "kubelet",
                Map.of(
                    "config",
                    config,
                    "flags",
                    Arrays.stream(input.expectedKubeletExtraArgs().replace("\"", "").split(" "))
                        .filter(f -> !f.startsWith("--max-pods"))
                        .toList())));
    assertThat(parsed).isEqualTo(new ObjectMapper().valueToTree(expected));
  }

  @Property(tries = 300)
  void bottlerocketTomlParsesToExactlyTheIntendedSettings(@ForAll("inputs") Input input)
      throws Exception {
    String custom =
        "[settings.host-containers.admin]\nenabled = true\n[settings.kubernetes.node-labels]\nmine = "
            + tomlString(input.get(Field.CUSTOM_TOML_VALUE, "x"))
            + "\n";
    String userData;
    try {
      userData = UserData.plain(AmiFamily.BOTTLEROCKET, input.options(custom));
    } catch (IllegalArgumentException refused) {
      assertThat(input.acceptable()).as("refused: %s", refused.getMessage()).isFalse();
      return;
    }
    JsonNode parsed = new TomlMapper().readTree(userData);
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("mine", input.get(Field.CUSTOM_TOML_VALUE, "x"));
    labels.put(input.get(Field.LABEL_KEY, "team"), input.get(Field.LABEL_VALUE, "a"));
    Map<String, Object> k8s = new LinkedHashMap<>();
    k8s.put("node-labels", labels);
    k8s.put("cluster-name", input.get(Field.CLUSTER_NAME, "prod"));
    k8s.put("api-server", input.get(Field.ENDPOINT, "https://api.example"));
    if (!input.get(Field.CA_BUNDLE, "Q0E=").isEmpty()) {
      k8s.put("cluster-certificate", input.get(Field.CA_BUNDLE, "Q0E="));
    }
    if (!input.get(Field.DNS, "10.100.0.10").isEmpty()) {
      k8s.put("cluster-dns-ip", input.get(Field.DNS, "10.100.0.10"));
    }
    k8s.put("max-pods", 29);
    k8s.put(
        "node-taints",
        Map.of(
            input.get(Field.TAINT_KEY, "dedicated"),
            List.of(input.get(Field.TAINT_VALUE, "gpu") + ":NoSchedule")));
    k8s.put("system-reserved", Map.of("cpu", input.get(Field.RESERVED_VALUE, "100m")));
    Map<String, Object> expected =
        Map.of(
            "settings",
            Map.of("host-containers", Map.of("admin", Map.of("enabled", true)), "kubernetes", k8s));
    assertThat(parsed).isEqualTo(new ObjectMapper().valueToTree(expected));
  }

  @Property(tries = 300)
  void windowsCallTokenizesToExactlyTheIntendedParameters(@ForAll("inputs") Input input) {
    String userData;
    try {
      userData = UserData.plain(AmiFamily.WINDOWS2022, input.options(null));
    } catch (IllegalArgumentException refused) {
      assertThat(input.acceptable()).as("refused: %s", refused.getMessage()).isFalse();
      return;
    }
    List<String> lines = userData.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("<powershell>");
    assertThat(lines.get(3)).isEqualTo("</powershell>");
    String call = lines.get(2);
    assertThat(call).startsWith("& $EKSBootstrapScriptFile ");
    List<String> expected = new ArrayList<>();
    expected.addAll(List.of("-EKSClusterName", input.get(Field.CLUSTER_NAME, "prod")));
    expected.addAll(
        List.of("-APIServerEndpoint", input.get(Field.ENDPOINT, "https://api.example")));
    if (!input.get(Field.CA_BUNDLE, "Q0E=").isEmpty()) {
      expected.addAll(List.of("-Base64ClusterCA", input.get(Field.CA_BUNDLE, "Q0E=")));
    }
    expected.addAll(
        List.of("-KubeletExtraArgs", input.expectedKubeletExtraArgs().replace("\"", "")));
    assertThat(PowerShellTokens.of(call.substring("& $EKSBootstrapScriptFile ".length())))
        .containsExactlyElementsOf(expected);
  }

  @Example
  void theIssuesPayloadsAreRefusedOrInert() throws Exception {
    Input taint = new Input(Field.TAINT_VALUE, "x' ; touch /tmp/pwned ; echo '");
    assertThatThrownBy(() -> UserData.plain(AmiFamily.AL2, taint.options(null)))
        .hasMessageContaining("refusing to render user data: taint value");
    Input dns = new Input(Field.DNS, "10.0.0.10' ; touch /tmp/pwned2 ; echo '");
    assertThatThrownBy(() -> UserData.plain(AmiFamily.AL2, dns.options(null)))
        .hasMessageContaining("refusing to render user data: clusterDNS");
    Input name = new Input(Field.CLUSTER_NAME, "x' ; touch /tmp/pwned ; echo '");
    assertThat(runAgainstStub(shellPart(UserData.plain(AmiFamily.AL2, name.options(null)))))
        .startsWith("x' ; touch /tmp/pwned ; echo '", "--apiserver-endpoint");
    Input mime = new Input(Field.ENDPOINT, "https://a\n--//\nContent-Type: text/x-shellscript");
    assertThatThrownBy(() -> UserData.plain(AmiFamily.AL2023, mime.options(null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String tomlString(String value) {
    StringBuilder s = new StringBuilder("\"");
    value
        .codePoints()
        .forEach(
            c -> {
              if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f) {
                s.append(String.format("\\u%04x", c));
              } else {
                s.appendCodePoint(c);
              }
            });
    return s.append('"').toString();
  }

  private static String mimePart(String userData, String header) {
    for (String part : userData.split("\n--//(--)?\n")) {
      if (part.startsWith(header + "\n\n")) {
        return part.substring(header.length() + 2);
      }
    }
    throw new AssertionError("no part " + header + " in\n" + userData);
  }

  private static String shellPart(String userData) {
    String header = "Content-Type: text/x-shellscript; charset=\"us-ascii\"";
    String script = mimePart(userData, header);
    String prefix = "#!/bin/bash -xe\n" + UserData.LOG_LINE + UserData.BOOTSTRAP_SH + " ";
    assertThat(script).startsWith(prefix);
    return script;
  }

  /** {@code bash -n} the script, then run it with bootstrap.sh replaced by a stub; its argv. */
  private static List<String> runAgainstStub(String script) throws Exception {
    Path file = Files.createTempFile(dir, "userdata", ".sh");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    assertThat(bash(List.of("bash", "-n", file.toString()), Map.of())).as("bash -n").isZero();
    String prefix = "#!/bin/bash -xe\n" + UserData.LOG_LINE + UserData.BOOTSTRAP_SH;
    String runnable = "set -e\n\"$STUB\"" + script.substring(prefix.length());
    Files.writeString(file, runnable, StandardCharsets.UTF_8);
    Path out = dir.resolve(file.getFileName() + ".argv");
    Files.deleteIfExists(out);
    assertThat(
            bash(
                List.of("bash", file.toString()),
                Map.of("STUB", stub.toString(), "ARGV_OUT", out.toString())))
        .isZero();
    byte[] bytes = Files.readAllBytes(out);
    String all = new String(bytes, StandardCharsets.UTF_8);
    assertThat(all).endsWith("\0");
    return Arrays.asList(all.substring(0, all.length() - 1).split("\0", -1));
  }

  private static int bash(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("PATH", "/usr/bin:/bin");
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bash did not finish in 10 s");
    }
    if (p.exitValue() != 0) {
      System.err.println(new String(output, StandardCharsets.UTF_8));
    }
    return p.exitValue();
  }

  /** Splits a PowerShell argument list of bare words and single-quoted strings. */
  static final class PowerShellTokens {
    private static final String QUOTES = "'\u2018\u2019\u201A\u201B";

    static List<String> of(String text) {
      List<String> tokens = new ArrayList<>();
      int i = 0;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == ' ') {
          i++;
        } else if (QUOTES.indexOf(c) >= 0) {
          StringBuilder s = new StringBuilder();
          i++;
          while (true) {
            if (i >= text.length()) {
              throw new AssertionError("unterminated string in " + text);
            }
            char d = text.charAt(i);
            if (QUOTES.indexOf(d) >= 0) {
              if (i + 1 < text.length() && QUOTES.indexOf(text.charAt(i + 1)) >= 0) {
                s.append(text.charAt(i + 1));
                i += 2;
                continue;
              }
              i++;
              break;
            }
            s.append(d);
            i++;
          }
          assertThat(i == text.length() || text.charAt(i) == ' ')
              .as("a string is followed by a space or the end")
              .isTrue();
          tokens.add(s.toString());
        } else {
          int end = text.indexOf(' ', i);
          end = end < 0 ? text.length() : end;
          String word = text.substring(i, end);
          assertThat(word).as("bare words are parameter names").matches("-[A-Za-z0-9]+");
          tokens.add(word);
          i = end;
        }
      }
      return tokens;
    }
  }
}
