package dev.dovetail.sim.deprovisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.cli.Dovetail;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dovetail plan --kubeconfig … --consolidation} on a running embedded cluster. */
@Timeout(120)
class PlanConsolidationTest {
  @TempDir Path dir;
  private final DeprovisioningCluster c = new DeprovisioningCluster();

  @AfterEach
  void stop() {
    c.close();
  }

  private String plan(String... args) {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Dovetail.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(out));
    assertThat(commandLine.execute(args)).isZero();
    return out.toString();
  }

  @Test
  void printsTheCommandTheDeprovisionerWouldRunAndWhyWithoutChangingAnything() {
    c.provisioner(
        """
        apiVersion: karpenter.sh/v1alpha5
        kind: Provisioner
        metadata: {name: default}
        spec:
          consolidation: {enabled: true}
          providerRef: {name: default}
          requirements:
            - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            - {key: node.kubernetes.io/instance-type, operator: In, values: [c5.large, m5.xlarge]}
        """);
    c.deployment("inflate", 1, "1");
    c.deployment("filler", 1, "2");
    assertThat(c.roundsUntil(() -> c.running("filler") == 1, Duration.ofMinutes(3))).isTrue();
    c.scale("filler", 0);
    for (int i = 0; i < 3; i++) {
      c.cluster();
      c.clock.advance(Duration.ofSeconds(30));
    }
    Path kubeconfig = c.api.writeKubeconfig(dir.resolve("kubeconfig"));

    String out =
        plan(
            "plan",
            "--kubeconfig",
            kubeconfig.toString(),
            "--region",
            "us-west-2",
            "--consolidation");

    assertThat(out)
        .contains("read-only")
        .contains("Would run: deprovisioning via consolidation replace, terminating 1 machines")
        .contains("$0.1920/h before, $0.0850/h after, saving $0.1070/h");
    assertThat(c.liveNodes())
        .singleElement()
        .satisfies(n -> assertThat(n.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE));
    assertThat(c.machineList()).hasSize(1);
  }
}
