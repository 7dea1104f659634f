package dev.dovetail.sim.kube;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Static API discovery documents ({@code /version}, {@code /api}, {@code /apis}, {@code /api/v1},
 * {@code /apis/<group>/<version>}) for the kinds Dovetail, the simulators and {@code kubectl} use.
 * The stock mock answers these paths with an empty list, which makes {@code kubectl} fail.
 */
final class ApiDiscovery {
  static final String KUBERNETES_VERSION = "v1.28.0";
  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One served resource; {@code subresources} are names such as "status" or "scale". */
  record Resource(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> subresources,
      List<String> categories) {
    Resource withSubresources(String... names) {
      return new Resource(
          plural, singular, kind, namespaced, shortNames, List.of(names), categories);
    }

    Resource inCategory(String category) {
      return new Resource(
          plural, singular, kind, namespaced, shortNames, subresources, List.of(category));
    }
  }

  private final Map<String, List<Resource>> byGroupVersion = new LinkedHashMap<>();

  ApiDiscovery() {
    add(
        "v1",
        ns("pods", "Pod", List.of("po"), "status", "eviction", "binding", "log"),
        cluster("nodes", "Node", List.of("no"), "status"),
        cluster("namespaces", "Namespace", List.of("ns"), "status"),
        ns("services", "Service", List.of("svc"), "status"),
        ns("endpoints", "Endpoints", List.of("ep")),
        ns("configmaps", "ConfigMap", List.of("cm")),
        ns("secrets", "Secret", List.of()),
        ns("serviceaccounts", "ServiceAccount", List.of("sa")),
        ns("persistentvolumeclaims", "PersistentVolumeClaim", List.of("pvc"), "status"),
        cluster("persistentvolumes", "PersistentVolume", List.of("pv"), "status"),
        ns("events", "Event", List.of("ev")),
        ns("replicationcontrollers", "ReplicationController", List.of("rc"), "status", "scale"));
    add(
        "apps/v1",
        ns("deployments", "Deployment", List.of("deploy"), "status", "scale"),
        ns("replicasets", "ReplicaSet", List.of("rs"), "status", "scale"),
        ns("daemonsets", "DaemonSet", List.of("ds"), "status"),
        ns("statefulsets", "StatefulSet", List.of("sts"), "status", "scale"),
        ns("controllerrevisions", "ControllerRevision", List.of()));
    add("policy/v1", ns("poddisruptionbudgets", "PodDisruptionBudget", List.of("pdb"), "status"));
    add("coordination.k8s.io/v1", ns("leases", "Lease", List.of()));
    add("events.k8s.io/v1", ns("events", "Event", List.of("ev")));
    add(
        "apiextensions.k8s.io/v1",
        cluster("customresourcedefinitions", "CustomResourceDefinition", List.of("crd", "crds"))
            .withSubresources("status"));
    add(
        "storage.k8s.io/v1",
        cluster("storageclasses", "StorageClass", List.of("sc")),
        cluster("csinodes", "CSINode", List.of()),
        cluster("volumeattachments", "VolumeAttachment", List.of(), "status"));
    add("scheduling.k8s.io/v1", cluster("priorityclasses", "PriorityClass", List.of("pc")));
    add(
        "karpenter.sh/v1alpha5",
        cluster("provisioners", "Provisioner", List.of(), "status").inCategory("karpenter"),
        cluster("machines", "Machine", List.of(), "status").inCategory("karpenter"));
    add(
        "karpenter.k8s.aws/v1alpha1",
        cluster("awsnodetemplates", "AWSNodeTemplate", List.of(), "status")
            .inCategory("karpenter"));
  }

  /** The group versions that carry the status subresource for {@code plural}. */
  boolean hasStatusSubresource(String groupVersion, String plural) {
    return byGroupVersion.getOrDefault(groupVersion, List.of()).stream()
        .anyMatch(r -> r.plural().equals(plural) && r.subresources().contains("status"));
  }

  /** The kind served as {@code plural} in {@code groupVersion}, if this table knows it. */
  Optional<String> kindOf(String groupVersion, String plural) {
    return byGroupVersion.getOrDefault(groupVersion, List.of()).stream()
        .filter(r -> r.plural().equals(plural))
        .map(Resource::kind)
        .findFirst();
  }

  /** Custom resources with a status subresource that the mock should treat as such. */
  List<Map.Entry<String, Resource>> customResources() {
    List<Map.Entry<String, Resource>> result = new ArrayList<>();
    for (String gv : List.of("karpenter.sh/v1alpha5", "karpenter.k8s.aws/v1alpha1")) {
      byGroupVersion.get(gv).forEach(r -> result.add(Map.entry(gv, r)));
    }
    return result;
  }

  /**
   * The discovery document for {@code path} (query already removed), or empty when the path is not
   * a discovery path this class serves.
   */
  Optional<ObjectNode> document(String path, Supplier<Set<String>> extraGroupVersions) {
    if (path.equals("/version")) {
      return Optional.of(version());
    }
    if (path.equals("/api")) {
      ObjectNode doc = JSON.objectNode().put("kind", "APIVersions");
      doc.putArray("versions").add("v1");
      doc.putArray("serverAddressByClientCIDRs")
          .addObject()
          .put("clientCIDR", "0.0.0.0/0")
          .put("serverAddress", "127.0.0.1");
      return Optional.of(doc);
    }
    if (path.equals("/apis")) {
      return Optional.of(groupList(extraGroupVersions.get()));
    }
    String groupVersion;
    if (path.equals("/api/v1")) {
      groupVersion = "v1";
    } else if (path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3) {
      groupVersion = path.substring("/apis/".length());
    } else {
      return Optional.empty();
    }
    List<Resource> resources = byGroupVersion.get(groupVersion);
    return resources == null
        ? Optional.empty()
        : Optional.of(resourceList(groupVersion, resources));
  }

  private static ObjectNode version() {
    return JSON.objectNode()
        .put("major", "1")
        .put("minor", "28")
        .put("gitVersion", KUBERNETES_VERSION)
        .put("gitCommit", "dovetail-embedded")
        .put("gitTreeState", "clean")
        .put("buildDate", "2026-01-01T00:00:00Z")
        .put("goVersion", "go1.21")
        .put("compiler", "gc")
        .put("platform", "linux/amd64");
  }

  private ObjectNode groupList(Set<String> extraGroupVersions) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (String gv : byGroupVersion.keySet()) {
      if (gv.contains("/")) {
        groups.computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>()).add(gv);
      }
    }
    for (String gv : extraGroupVersions) {
      List<String> versions =
          groups.computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>());
      if (!versions.contains(gv)) {
        versions.add(gv);
      }
    }
    ObjectNode doc = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode array = doc.putArray("groups");
    groups.forEach(
        (group, versions) -> {
          ObjectNode node = array.addObject().put("name", group);
          ArrayNode versionArray = node.putArray("versions");
          for (String gv : versions) {
            versionArray
                .addObject()
                .put("groupVersion", gv)
                .put("version", gv.substring(gv.indexOf('/') + 1));
          }
          String preferred = versions.getFirst();
          node.putObject("preferredVersion")
              .put("groupVersion", preferred)
              .put("version", preferred.substring(preferred.indexOf('/') + 1));
        });
    return doc;
  }

  private static ObjectNode resourceList(String groupVersion, List<Resource> resources) {
    ObjectNode doc =
        JSON.objectNode()
            .put("kind", "APIResourceList")
            .put("apiVersion", "v1")
            .put("groupVersion", groupVersion);
    ArrayNode array = doc.putArray("resources");
    for (Resource r : resources) {
      ObjectNode node =
          array
              .addObject()
              .put("name", r.plural())
              .put("singularName", r.singular())
              .put("namespaced", r.namespaced())
              .put("kind", r.kind());
      ALL_VERBS.forEach(node.putArray("verbs")::add);
      if (!r.shortNames().isEmpty()) {
        r.shortNames().forEach(node.putArray("shortNames")::add);
      }
      if (!r.categories().isEmpty()) {
        r.categories().forEach(node.putArray("categories")::add);
      }
      for (String sub : r.subresources()) {
        ObjectNode subNode =
            array
                .addObject()
                .put("name", r.plural() + "/" + sub)
                .put("singularName", "")
                .put("namespaced", r.namespaced());
        switch (sub) {
          case "eviction" -> {
            subNode.put("group", "policy").put("version", "v1").put("kind", "Eviction");
            subNode.putArray("verbs").add("create");
          }
          case "binding" -> {
            subNode.put("kind", "Binding");
            subNode.putArray("verbs").add("create");
          }
          case "scale" -> {
            subNode.put("group", "autoscaling").put("version", "v1").put("kind", "Scale");
            STATUS_VERBS.forEach(subNode.putArray("verbs")::add);
          }
          case "log" -> {
            subNode.put("kind", "Pod");
            subNode.putArray("verbs").add("get");
          }
          default -> {
            subNode.put("kind", r.kind());
            STATUS_VERBS.forEach(subNode.putArray("verbs")::add);
          }
        }
      }
    }
    return doc;
  }

  private void add(String groupVersion, Resource... resources) {
    byGroupVersion.put(groupVersion, List.of(resources));
  }

  private static Resource ns(
      String plural, String kind, List<String> shortNames, String... subresources) {
    return new Resource(
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        true,
        shortNames,
        List.of(subresources),
        List.of());
  }

  private static Resource cluster(
      String plural, String kind, List<String> shortNames, String... subresources) {
    return new Resource(
        plural,
        kind.toLowerCase(java.util.Locale.ROOT),
        kind,
        false,
        shortNames,
        List.of(subresources),
        List.of());
  }
}
