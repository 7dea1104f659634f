package dev.dovetail.aws.launchtemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.dovetail.aws.amifamily.AmiFamily;
import dev.dovetail.aws.instancetype.KubeletConfig;
import dev.dovetail.scheduling.Taint;
import dev.dovetail.scheduling.TaintEffect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDataTest {
  private static BootstrapOptions options(String custom, KubeletConfig kubelet) {
    return new BootstrapOptions(
        "prod",
        "https://api.example",
        "Q0E=",
        "10.100.0.10",
        Map.of("team", "a", "node-restriction.kubernetes.io/secret", "x"),
        List.of(new Taint("dedicated", "gpu", TaintEffect.NO_SCHEDULE)),
        29,
        kubelet,
        custom);
  }

  @Test
  void al2MergesUserPartsBeforeTheBootstrapCall() {
    String data =
        UserData.plain(
            AmiFamily.AL2,
            options(
                "#!/bin/bash\necho hello",
                KubeletConfig.DEFAULTS
                    .withSystemReserved(Map.of("cpu", "100m"))
                    .withEvictionHard(Map.of("memory.available", "5%"))));

    assertThat(data)
        .startsWith("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"//\"");
    assertThat(data.indexOf("echo hello")).isLessThan(data.indexOf("/etc/eks/bootstrap.sh"));
    assertThat(data)
        .contains(
            "/etc/eks/bootstrap.sh 'prod' '--apiserver-endpoint' 'https://api.example'"
                + " '--b64-cluster-ca' 'Q0E='")
        .contains("'--dns-cluster-ip' '10.100.0.10'")
        .contains("'--use-max-pods' 'false'")
        .contains("--node-labels=\"team=a\"")
        .contains("--register-with-taints=\"dedicated=gpu:NoSchedule\"")
        .contains("--max-pods=29")
        .contains("--system-reserved=\"cpu=100m\"")
        .contains("--eviction-hard=\"memory.available<5%\"")
        .doesNotContain("node-restriction.kubernetes.io")
        .endsWith("--//--\n");
  }

  @Test
  void aMimeUserDocumentKeepsItsParts() {
    String custom =
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\n--BOUNDARY\n"
            + "Content-Type: text/x-shellscript\n\necho one\n--BOUNDARY\nContent-Type: text/cloud-config\n\n"
            + "packages: [jq]\n--BOUNDARY--\n";
    String data = UserData.plain(AmiFamily.AL2, options(custom, KubeletConfig.DEFAULTS));
    assertThat(data).contains("echo one").contains("packages: [jq]").doesNotContain("BOUNDARY");
    // the header, two user parts and ours
    assertThat(data.split("\n--//\n")).hasSize(4);
  }

  @Test
  void al2023GetsANodeadmNodeConfig() {
    String data = UserData.plain(AmiFamily.AL2023, options(null, KubeletConfig.DEFAULTS));
    assertThat(data)
        .contains("Content-Type: application/node.eks.aws")
        .contains("kind: \"NodeConfig\"")
        .contains("    name: \"prod\"")
        .contains("    certificateAuthority: \"Q0E=\"")
        .contains("      maxPods: 29")
        .contains("- \"--node-labels=team=a\"");
  }

  @Test
  void bottlerocketMergesTheUsersTomlWithOurSettings() throws Exception {
    String custom =
        "[settings.kubernetes]\nmax-pods = 5\nallowed-unsafe-sysctls = [\"net.core.somaxconn\"]\n\n[settings.host-containers.admin]\nenabled = true\n";
    String data = UserData.plain(AmiFamily.BOTTLEROCKET, options(custom, KubeletConfig.DEFAULTS));
    JsonNode toml = new TomlMapper().readTree(data);
    JsonNode k8s = toml.at("/settings/kubernetes");
    assertThat(k8s.get("max-pods").asInt()).isEqualTo(29);
    assertThat(k8s.get("allowed-unsafe-sysctls").get(0).asText()).isEqualTo("net.core.somaxconn");
    assertThat(k8s.get("cluster-name").asText()).isEqualTo("prod");
    assertThat(k8s.get("cluster-certificate").asText()).isEqualTo("Q0E=");
    assertThat(toml.at("/settings/host-containers/admin/enabled").asBoolean()).isTrue();
    assertThat(k8s.at("/node-labels/team").asText()).isEqualTo("a");
    assertThat(k8s.at("/node-taints/dedicated/0").asText()).isEqualTo("gpu:NoSchedule");
    assertThatThrownBy(
            () ->
                UserData.plain(AmiFamily.BOTTLEROCKET, options("not toml", KubeletConfig.DEFAULTS)))
        .hasMessageContaining("spec.userData is not TOML");
  }

  @Test
  void customPassesUserDataThrough() {
    assertThat(UserData.plain(AmiFamily.CUSTOM, options("#!/bin/sh\nmine", KubeletConfig.DEFAULTS)))
        .isEqualTo("#!/bin/sh\nmine");
  }
}
