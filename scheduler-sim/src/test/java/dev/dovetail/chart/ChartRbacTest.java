package dev.dovetail.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The controller gets exactly the permissions it uses: a permission added or dropped in the chart
 * fails here until the expected list is changed with it.
 */
class ChartRbacTest {
  private static HelmChart chart;
  private static HelmChart.Rendered rendered;

  @BeforeAll
  static void render() {
    chart = HelmChart.load();
    rendered = chart.template(Map.of("settings.aws.clusterName", "my-cluster"));
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheControllerUses() {
    assertThat(permissions(rendered.one(ClusterRole.class).getRules()))
        .containsExactlyInAnyOrderElementsOf(
            expand(
                // read
                "core",
                "pods,nodes,persistentvolumeclaims,persistentvolumes,namespaces",
                "get,list,watch",
                "apps",
                "daemonsets",
                "get,list,watch",
                "policy",
                "poddisruptionbudgets",
                "get,list,watch",
                "storage.k8s.io",
                "storageclasses,csinodes",
                "get,list,watch",
                "karpenter.sh",
                "provisioners,machines",
                "get,list,watch",
                "karpenter.k8s.aws",
                "awsnodetemplates",
                "get,list,watch",
                // write
                "karpenter.sh",
                "machines",
                "create,update,patch,delete",
                "karpenter.sh",
                "machines/status,provisioners/status",
                "update,patch",
                "karpenter.k8s.aws",
                "awsnodetemplates/status",
                "update,patch",
                "karpenter.k8s.aws",
                "awsnodetemplates",
                "patch",
                "core",
                "nodes",
                "update,patch,delete",
                "core",
                "pods/eviction",
                "create",
                "core",
                "events",
                "create,patch"));
  }

  @Test
  void theControllerCannotTouchWorkloadsOrSecrets() {
    Set<String> granted = permissions(rendered.one(ClusterRole.class).getRules());
    assertThat(granted)
        .noneMatch(p -> p.contains("secrets") || p.contains("*"))
        .noneMatch(
            p ->
                p.startsWith("core/pods:")
                    && !p.endsWith(":get")
                    && !p.endsWith(":list")
                    && !p.endsWith(":watch"))
        .noneMatch(p -> p.startsWith("core/nodes:create"));
  }

  @Test
  void leasesAreWritableOnlyInTheReleaseNamespaceAndOnlyTheControllersLease() {
    Role role = rendered.one(Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    assertThat(role.getRules())
        .extracting(
            r ->
                r.getApiGroups()
                    + " "
                    + r.getResources()
                    + " "
                    + r.getResourceNames()
                    + " "
                    + r.getVerbs())
        .containsExactlyInAnyOrder(
            "[coordination.k8s.io] [leases] [] [create]",
            "[coordination.k8s.io] [leases] [dovetail-leader-election] [get, watch, update, patch]");
    String leaseName = ChartSettingsTest.literalEnv(rendered).get("LEADER_ELECTION_NAME");
    assertThat(role.getRules().get(1).getResourceNames()).containsExactly(leaseName);
  }

  @Test
  void bindingsPointTheRolesAtTheControllersServiceAccount() {
    String account =
        rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName();
    ClusterRoleBinding clusterBinding = rendered.one(ClusterRoleBinding.class);
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(rendered.one(ClusterRole.class).getMetadata().getName());
    assertThat(clusterBinding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account);
              assertThat(s.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            });
    RoleBinding binding = rendered.one(RoleBinding.class);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
  }

  @Test
  void additionalRulesAreAppended() {
    HelmChart.Rendered extra =
        chart.template(Map.of(), HelmChart.resource("karpenter-v0.31-values.yaml"));
    Set<String> granted = permissions(extra.one(ClusterRole.class).getRules());
    assertThat(granted).contains("core/configmaps:get");
    assertThat(granted).containsAll(permissions(rendered.one(ClusterRole.class).getRules()));
  }

  @Test
  void aCustomLeaseNameIsUsedByTheDaemonAndTheRole() {
    HelmChart.Rendered custom =
        chart.template(Map.of("settings.aws.clusterName", "c", "leaderElection.name", "my-lease"));
    assertThat(ChartSettingsTest.literalEnv(custom))
        .containsEntry("LEADER_ELECTION_NAME", "my-lease");
    assertThat(custom.one(Role.class).getRules().get(1).getResourceNames())
        .containsExactly("my-lease");
  }

  /** Rules as "group/resource:verb" strings ("core" for the core group). */
  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> result = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            result.add((group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return result;
  }

  private static Set<String> expand(String... triples) {
    Set<String> result = new TreeSet<>();
    for (int i = 0; i < triples.length; i += 3) {
      for (String resource : triples[i + 1].split(",")) {
        for (String verb : triples[i + 2].split(",")) {
          result.add(triples[i] + "/" + resource + ":" + verb);
        }
      }
    }
    return result;
  }
}
