package dev.dovetail.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dovetail.api.crd.KarpenterCrds;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.KindDescriptor;
import dev.dovetail.manifest.KindRegistry;
import dev.dovetail.manifest.ManifestReader;
import dev.dovetail.manifest.ManifestSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid manifest is rejected with exactly one problem: the expected field path and rule.
 * Cases give a spec fragment (a valid providerRef is added unless the case is about providers) or a
 * whole document.
 */
class InvalidProvisionerManifestsTest {
  /**
   * The built-in kinds, with the Provisioner validated as under a provider that reserves its label
   * domain ({@code karpenter.k8s.aws}), as every deployment does.
   */
  private static final KindRegistry KINDS =
      KindRegistry.builtIn()
          .register(
              KindDescriptor.owned(
                  KarpenterCrds.PROVISIONER,
                  Provisioner.class,
                  new ProvisionerValidator(
                          LabelPolicy.core().with(Set.of(), Set.of("karpenter.k8s.aws")))
                      ::check,
                  ProvisionerDefaulter.CORE::apply));

  record Case(String name, String manifest, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case spec(String name, String fragment, String expected) {
    return whole(name, provisioner(fragment + "\nproviderRef:\n  name: default"), expected);
  }

  private static Case specNoRef(String name, String fragment, String expected) {
    return whole(name, provisioner(fragment), expected);
  }

  private static Case whole(String name, String manifest, String expected) {
    return new Case(name, manifest, expected);
  }

  private static String provisioner(String specFragment) {
    return "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\nspec:\n"
        + specFragment.indent(2);
  }

  private static final String P = "Provisioner/default: ";
  private static final String RANGE = " " + dev.dovetail.scheduling.QuantityRange.RULE;

  static Stream<Case> cases() {
    return Stream.of(
        // TTLs, consolidation, weight, provider
        spec(
            "ttl with consolidation",
            "ttlSecondsAfterEmpty: 30\nconsolidation:\n  enabled: true",
            P
                + "spec.ttlSecondsAfterEmpty: cannot be combined with spec.consolidation.enabled=true"),
        spec(
            "negative ttlSecondsAfterEmpty",
            "ttlSecondsAfterEmpty: -1",
            P + "spec.ttlSecondsAfterEmpty: must be non-negative, not -1"),
        spec(
            "negative ttlSecondsUntilExpired",
            "ttlSecondsUntilExpired: -5",
            P + "spec.ttlSecondsUntilExpired: must be non-negative, not -5"),
        spec("weight 0", "weight: 0", P + "spec.weight: must be between 1 and 100, not 0"),
        spec("weight 101", "weight: 101", P + "spec.weight: must be between 1 and 100, not 101"),
        spec(
            "provider and providerRef",
            "provider:\n  subnetSelector:\n    a: b",
            P + "spec.provider: cannot be combined with spec.providerRef; set exactly one of them"),
        specNoRef(
            "neither provider nor providerRef",
            "weight: 10",
            P + "spec.providerRef: required: set exactly one of spec.provider or spec.providerRef"),
        specNoRef(
            "empty providerRef name",
            "providerRef:\n  name: \"\"",
            P + "spec.providerRef.name: must not be empty"),
        specNoRef(
            "providerRef without name",
            "providerRef:\n  kind: AWSNodeTemplate",
            P + "spec.providerRef.name: required field is missing"),
        // strict decoding: unknown fields and wrong types
        spec(
            "unknown spec field",
            "ttlSecondsAfterEmty: 30",
            P + "spec.ttlSecondsAfterEmty: unknown field"),
        spec(
            "unknown nested field",
            "consolidation:\n  enable: true",
            P + "spec.consolidation.enable: unknown field"),
        spec(
            "weight as a string",
            "weight: \"10\"",
            P + "spec.weight: must be an integer, not the string \"10\""),
        spec(
            "label value as a number",
            "labels:\n  team: 5",
            P + "spec.labels[team]: must be a string, not the number 5 (quote it)"),
        spec(
            "requirements as an object",
            "requirements:\n  key: a",
            P + "spec.requirements: must be a list, not an object"),
        spec(
            "limit as a boolean",
            "limits:\n  resources:\n    cpu: true",
            P + "spec.limits.resources[cpu]: must be an integer or a string, not the boolean true"),
        // labels and annotations
        spec(
            "label key with a space",
            "labels:\n  \"bad key\": x",
            P
                + "spec.labels[bad key]: invalid label key: name part \"bad key\" must consist of"
                + " alphanumeric characters, '-', '_' or '.', and must start and end with an"
                + " alphanumeric character"),
        spec(
            "label value starting with a dash",
            "labels:\n  team: \"-x\"",
            P
                + "spec.labels[team]: label value \"-x\" must consist of alphanumeric characters,"
                + " '-', '_' or '.', and must start and end with an alphanumeric character"),
        spec(
            "label value too long",
            "labels:\n  team: " + "a".repeat(64),
            P + "spec.labels[team]: label value must be no more than 63 characters"),
        spec(
            "provisioner-name label",
            "labels:\n  karpenter.sh/provisioner-name: x",
            P
                + "spec.labels[karpenter.sh/provisioner-name]: label karpenter.sh/provisioner-name"
                + " is restricted: Dovetail sets it on every node"),
        spec(
            "label in kubernetes.io",
            "labels:\n  kubernetes.io/team: x",
            P
                + "spec.labels[kubernetes.io/team]: label domain \"kubernetes.io\" is restricted;"
                + " use a well-known label or a custom label outside the domains k8s.io,"
                + " karpenter.k8s.aws, karpenter.sh, kubernetes.io"),
        spec(
            "label in a k8s.io subdomain",
            "labels:\n  foo.k8s.io/x: y",
            P
                + "spec.labels[foo.k8s.io/x]: label domain \"k8s.io\" is restricted; use a"
                + " well-known label or a custom label outside the domains k8s.io,"
                + " karpenter.k8s.aws, karpenter.sh, kubernetes.io"),
        spec(
            "hostname label",
            "labels:\n  kubernetes.io/hostname: x",
            P + "spec.labels[kubernetes.io/hostname]: label kubernetes.io/hostname is restricted"),
        spec(
            "label key with an uppercase prefix",
            "labels:\n  Example.com/team: x",
            P
                + "spec.labels[Example.com/team]: invalid label key: prefix part \"Example.com\""
                + " must be a DNS subdomain: lowercase alphanumerics, '-' and '.', at most 253"
                + " characters"),
        spec(
            "annotation key invalid",
            "annotations:\n  \"a/b/c\": x",
            P
                + "spec.annotations[a/b/c]: invalid annotation key: name part \"b/c\" must consist"
                + " of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                + " alphanumeric character"),
        // requirements
        spec(
            "unsupported operator",
            "requirements:\n  - key: team\n    operator: Equals\n    values: [a]",
            P
                + "spec.requirements[0].operator: unsupported operator \"Equals\"; use one of In,"
                + " NotIn, Exists, DoesNotExist, Gt, Lt"),
        spec(
            "missing operator",
            "requirements:\n  - key: team\n    values: [a]",
            P + "spec.requirements[0].operator: required field is missing"),
        spec(
            "In without values",
            "requirements:\n  - key: team\n    operator: In",
            P + "spec.requirements[0].values: operator In needs at least one value"),
        spec(
            "Gt with two values",
            "requirements:\n  - key: team\n    operator: Gt\n    values: [\"1\", \"2\"]",
            P + "spec.requirements[0].values: operator Gt takes exactly one value, not 2"),
        spec(
            "Gt with a word",
            "requirements:\n  - key: team\n    operator: Gt\n    values: [abc]",
            P
                + "spec.requirements[0].values[0]: operator Gt needs a non-negative integer, not \"abc\""),
        spec(
            "Lt with a negative number",
            "requirements:\n  - key: team\n    operator: Lt\n    values: [\"-1\"]",
            P
                + "spec.requirements[0].values[0]: operator Lt needs a non-negative integer, not"
                + " \"-1\""),
        spec(
            "Exists with values",
            "requirements:\n  - key: team\n    operator: Exists\n    values: [a]",
            P + "spec.requirements[0].values: operator Exists takes no values"),
        spec(
            "requirement in a restricted domain",
            "requirements:\n  - key: karpenter.sh/team\n    operator: In\n    values: [a]",
            P
                + "spec.requirements[0].key: label domain \"karpenter.sh\" is restricted; use a"
                + " well-known label or a custom label outside the domains k8s.io,"
                + " karpenter.k8s.aws, karpenter.sh, kubernetes.io"),
        spec(
            "requirement on provisioner-name",
            "requirements:\n  - key: karpenter.sh/provisioner-name\n    operator: In\n    values: [a]",
            P
                + "spec.requirements[0].key: label karpenter.sh/provisioner-name is restricted:"
                + " Dovetail sets it on every node"),
        spec(
            "requirement with an empty key",
            "requirements:\n  - key: \"\"\n    operator: Exists",
            P + "spec.requirements[0].key: invalid label key: must not be empty"),
        spec(
            "requirement value with a space",
            "requirements:\n  - key: team\n    operator: In\n    values: [\"a b\"]",
            P
                + "spec.requirements[0].values[0]: label value \"a b\" must consist of alphanumeric"
                + " characters, '-', '_' or '.', and must start and end with an alphanumeric"
                + " character"),
        // taints
        spec(
            "taint without effect",
            "taints:\n  - key: dedicated\n    value: gpu",
            P + "spec.taints[0].effect: required field is missing"),
        spec(
            "taint with an unknown effect",
            "taints:\n  - key: dedicated\n    effect: NoRun",
            P
                + "spec.taints[0].effect: unsupported taint effect \"NoRun\"; use NoSchedule,"
                + " PreferNoSchedule or NoExecute"),
        spec(
            "taint with an invalid key",
            "startupTaints:\n  - key: \"no good\"\n    effect: NoSchedule",
            P
                + "spec.startupTaints[0].key: invalid taint key: name part \"no good\" must consist"
                + " of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                + " alphanumeric character"),
        spec(
            "duplicate taint across taints and startupTaints",
            "taints:\n  - key: a\n    effect: NoSchedule\nstartupTaints:\n  - key: a\n    value: x\n"
                + "    effect: NoSchedule",
            P
                + "spec.startupTaints[0]: duplicate taint key/effect a:NoSchedule (first at"
                + " spec.taints[0])"),
        // kubeletConfiguration
        spec(
            "unknown container runtime",
            "kubeletConfiguration:\n  containerRuntime: docker",
            P
                + "spec.kubeletConfiguration.containerRuntime: must be containerd or dockerd, not"
                + " \"docker\""),
        spec(
            "negative maxPods",
            "kubeletConfiguration:\n  maxPods: -1",
            P + "spec.kubeletConfiguration.maxPods: must be non-negative"),
        spec(
            "negative podsPerCore",
            "kubeletConfiguration:\n  podsPerCore: -2",
            P + "spec.kubeletConfiguration.podsPerCore: must be non-negative"),
        spec(
            "kubeReserved gpu",
            "kubeletConfiguration:\n  kubeReserved:\n    nvidia.com/gpu: 1",
            P
                + "spec.kubeletConfiguration.kubeReserved[nvidia.com/gpu]: unsupported resource;"
                + " use cpu, memory, ephemeral-storage or pid"),
        spec(
            "negative systemReserved",
            "kubeletConfiguration:\n  systemReserved:\n    cpu: -100m",
            P + "spec.kubeletConfiguration.systemReserved[cpu]: must not be negative"),
        spec(
            "kubeReserved not a quantity",
            "kubeletConfiguration:\n  kubeReserved:\n    memory: lots",
            P
                + "spec.kubeletConfiguration.kubeReserved[memory]: \"lots\" is not a valid quantity or is outside what Kubernetes accepts"
                + RANGE),
        spec(
            "unknown eviction signal",
            "kubeletConfiguration:\n  evictionHard:\n    memory.free: 100Mi",
            P
                + "spec.kubeletConfiguration.evictionHard[memory.free]: unsupported eviction"
                + " signal; use one of imagefs.available, imagefs.inodesFree, memory.available,"
                + " nodefs.available, nodefs.inodesFree, pid.available"),
        spec(
            "eviction percentage above 100",
            "kubeletConfiguration:\n  evictionHard:\n    memory.available: 120%",
            P
                + "spec.kubeletConfiguration.evictionHard[memory.available]: percentage must be"
                + " between 0% and 100%, not 120%"),
        spec(
            "eviction threshold not a quantity",
            "kubeletConfiguration:\n  evictionHard:\n    nodefs.available: plenty",
            P
                + "spec.kubeletConfiguration.evictionHard[nodefs.available]: \"plenty\" is neither"
                + " a quantity nor a percentage"),
        spec(
            "evictionSoft without grace period",
            "kubeletConfiguration:\n  evictionSoft:\n    memory.available: 5%",
            P
                + "spec.kubeletConfiguration.evictionSoft[memory.available]: needs a matching key"
                + " in evictionSoftGracePeriod"),
        spec(
            "grace period without evictionSoft",
            "kubeletConfiguration:\n  evictionSoftGracePeriod:\n    memory.available: 1m",
            P
                + "spec.kubeletConfiguration.evictionSoftGracePeriod[memory.available]: needs a"
                + " matching key in evictionSoft"),
        spec(
            "grace period not a duration",
            "kubeletConfiguration:\n  evictionSoft:\n    memory.available: 5%\n"
                + "  evictionSoftGracePeriod:\n    memory.available: soon",
            P
                + "spec.kubeletConfiguration.evictionSoftGracePeriod[memory.available]: \"soon\" is"
                + " not a duration (e.g. 1m30s)"),
        spec(
            "image GC high not above low",
            "kubeletConfiguration:\n  imageGCHighThresholdPercent: 50\n"
                + "  imageGCLowThresholdPercent: 60",
            P
                + "spec.kubeletConfiguration.imageGCHighThresholdPercent: must be greater than"
                + " imageGCLowThresholdPercent (50 <= 60)"),
        spec(
            "image GC high above 100",
            "kubeletConfiguration:\n  imageGCHighThresholdPercent: 101",
            P + "spec.kubeletConfiguration.imageGCHighThresholdPercent: must be between 0 and 100"),
        // hostile values that would reach the node's bootstrap
        spec(
            "startup taint value with shell",
            "startupTaints:\n  - key: a\n    value: \"x' ; touch /tmp/pwned ; echo '\"\n    effect: NoSchedule",
            P
                + "spec.startupTaints[0].value: taint value \"x' ; touch /tmp/pwned ; echo '\" must"
                + " consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                + " with an alphanumeric character"),
        spec(
            "clusterDNS with shell",
            "kubeletConfiguration:\n  clusterDNS: [\"10.0.0.10' ; touch /tmp/pwned2 ; echo '\"]",
            P
                + "spec.kubeletConfiguration.clusterDNS[0]: must be an IP address, not"
                + " \"10.0.0.10' ; touch /tmp/pwned2 ; echo '\""),
        spec(
            "clusterDNS with a leading zero",
            "kubeletConfiguration:\n  clusterDNS: [\"10.0.0.010\"]",
            P
                + "spec.kubeletConfiguration.clusterDNS[0]: must be an IP address, not \"10.0.0.010\""),
        spec(
            "label value with a newline",
            "labels:\n  team: \"a\\nb\"",
            P
                + "spec.labels[team]: label value \"a\\x0ab\" must consist of alphanumeric characters,"
                + " '-', '_' or '.', and must start and end with an alphanumeric character"),
        spec(
            "limit with an enormous exponent",
            "limits:\n  resources:\n    cpu: \"1e999999999\"",
            P
                + "spec.limits.resources[cpu]: \"1e999999999\" is not a valid quantity"
                + " or is outside what Kubernetes accepts"
                + RANGE),
        spec(
            "limit beyond int64",
            "limits:\n  resources:\n    memory: 10000Pi",
            P
                + "spec.limits.resources[memory]: \"10000Pi\" is not a valid quantity"
                + " or is outside what Kubernetes accepts"
                + RANGE),
        // limits
        spec(
            "limit not a quantity",
            "limits:\n  resources:\n    cpu: lots",
            P
                + "spec.limits.resources[cpu]: \"lots\" is not a valid quantity or is outside what Kubernetes accepts"
                + RANGE),
        spec(
            "negative limit",
            "limits:\n  resources:\n    memory: -1Gi",
            P + "spec.limits.resources[memory]: must not be negative"),
        // metadata, apiVersion, kind
        whole(
            "namespaced provisioner",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata:\n  name: default\n"
                + "  namespace: karpenter\nspec:\n  providerRef:\n    name: default\n",
            P + "metadata.namespace: Provisioner is cluster-scoped: remove the namespace"),
        whole(
            "no name",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nmetadata: {}\nspec:\n"
                + "  providerRef:\n    name: default\n",
            "Provisioner/<unnamed>: metadata.name: required field is missing"),
        whole(
            "v1beta1 apiVersion",
            "apiVersion: karpenter.sh/v1beta1\nkind: Provisioner\nmetadata:\n  name: default\n",
            P
                + "apiVersion: \"karpenter.sh/v1beta1\" is not supported for kind Provisioner; use"
                + " karpenter.sh/v1alpha5"),
        whole(
            "misspelt kind",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Provisoner\nmetadata:\n  name: default\n",
            "Provisoner/default: kind: unknown kind \"Provisoner\" in karpenter.sh/v1alpha5; known"
                + " kinds: Machine (karpenter.sh/v1alpha5), Provisioner (karpenter.sh/v1alpha5)"),
        whole(
            "missing kind",
            "apiVersion: karpenter.sh/v1alpha5\nmetadata:\n  name: default\n",
            "<unknown kind>/default: kind: required field is missing"),
        whole(
            "machine with a bad operator",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Machine\nmetadata:\n  name: m1\nspec:\n"
                + "  requirements:\n    - key: karpenter.k8s.aws/instance-family\n"
                + "      operator: Equal\n      values: [m5]\n",
            "Machine/m1: spec.requirements[0].operator: unsupported operator \"Equal\"; use one of"
                + " In, NotIn, Exists, DoesNotExist, Gt, Lt"),
        whole(
            "machine with a bad request",
            "apiVersion: karpenter.sh/v1alpha5\nkind: Machine\nmetadata:\n  name: m1\nspec:\n"
                + "  resources:\n    requests:\n      cpu: one\n",
            "Machine/m1: spec.resources.requests[cpu]: \"one\" is not a valid quantity or is outside what Kubernetes accepts"
                + RANGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithTheExpectedFieldAndRule(Case c) {
    ManifestSet set = new ManifestReader().readString(c.name() + ".yaml", c.manifest());
    assertThat(set.errors()).isEmpty();
    assertThat(set.documents()).hasSize(1);
    Decoded<?> decoded = KINDS.decode(set.documents().get(0));
    List<String> problems = decoded.validate().stream().map(Problem::toString).toList();
    assertThat(problems).containsExactly(c.expected());
  }

  @org.junit.jupiter.api.Test
  void holdsAtLeastFortyCases() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(40);
  }
}
