package dev.dovetail.manifest;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dovetail.api.crd.CrdDefinition;
import dev.dovetail.api.crd.KarpenterCrds;
import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import dev.dovetail.api.validation.FieldPath;
import dev.dovetail.api.validation.MachineValidator;
import dev.dovetail.api.validation.Problem;
import dev.dovetail.api.validation.Problems;
import dev.dovetail.api.validation.ProvisionerDefaulter;
import dev.dovetail.api.validation.ProvisionerValidator;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps {@code apiVersion}/{@code kind} to a {@link KindDescriptor} and decodes documents with it.
 * Not thread-safe while registering; safe to share for decoding afterwards.
 */
public final class KindRegistry {
  private final Map<String, KindDescriptor<?>> byKey = new LinkedHashMap<>();
  private final Map<CrdDefinition, JsonNode> schemas = new ConcurrentHashMap<>();

  /** An empty registry. */
  public KindRegistry() {}

  /**
   * Dovetail's cloud-neutral kinds (Provisioner, Machine) and the common Kubernetes built-in kinds.
   * Provider kinds, provider labels and provider defaults come with {@link #discover()}.
   */
  public static KindRegistry builtIn() {
    KindRegistry registry = new KindRegistry();
    registry.register(
        KindDescriptor.owned(
            KarpenterCrds.PROVISIONER,
            Provisioner.class,
            ProvisionerValidator::validate,
            ProvisionerDefaulter.CORE::apply));
    registry.register(
        KindDescriptor.owned(
            KarpenterCrds.MACHINE, Machine.class, MachineValidator::validate, m -> m));
    registry.register(KindDescriptor.builtIn("v1", "Pod", Pod.class));
    registry.register(KindDescriptor.builtIn("v1", "Namespace", Namespace.class));
    registry.register(KindDescriptor.builtIn("v1", "Node", Node.class));
    registry.register(KindDescriptor.builtIn("v1", "ConfigMap", ConfigMap.class));
    registry.register(KindDescriptor.builtIn("v1", "Secret", Secret.class));
    registry.register(KindDescriptor.builtIn("v1", "Service", Service.class));
    registry.register(KindDescriptor.builtIn("v1", "ServiceAccount", ServiceAccount.class));
    registry.register(KindDescriptor.builtIn("apps/v1", "Deployment", Deployment.class));
    registry.register(KindDescriptor.builtIn("apps/v1", "StatefulSet", StatefulSet.class));
    registry.register(KindDescriptor.builtIn("apps/v1", "DaemonSet", DaemonSet.class));
    registry.register(KindDescriptor.builtIn("apps/v1", "ReplicaSet", ReplicaSet.class));
    registry.register(KindDescriptor.builtIn("batch/v1", "Job", Job.class));
    registry.register(KindDescriptor.builtIn("batch/v1", "CronJob", CronJob.class));
    registry.register(
        KindDescriptor.builtIn("policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class));
    return registry;
  }

  /** {@link #builtIn()} plus every {@link KindProvider} on the class path (e.g. provider-aws). */
  public static KindRegistry discover() {
    KindRegistry registry = builtIn();
    for (KindProvider provider : ServiceLoader.load(KindProvider.class)) {
      provider.registerKinds(registry);
    }
    return registry;
  }

  /** Adds or replaces the descriptor for its apiVersion/kind. */
  public KindRegistry register(KindDescriptor<?> descriptor) {
    byKey.put(key(descriptor.apiVersion(), descriptor.kind()), descriptor);
    return this;
  }

  /** The descriptor for exactly this apiVersion and kind, or null. */
  public KindDescriptor<?> find(String apiVersion, String kind) {
    return byKey.get(key(apiVersion, kind));
  }

  public Collection<KindDescriptor<?>> descriptors() {
    return List.copyOf(byKey.values());
  }

  /** Reads {@code paths} and decodes every document: the one call a command needs. */
  public LoadedManifests load(List<java.nio.file.Path> paths) {
    return load(new ManifestReader().read(paths));
  }

  /** Decodes every document of {@code manifests}. */
  public LoadedManifests load(ManifestSet manifests) {
    List<Decoded<?>> decoded = new ArrayList<>();
    for (ManifestDocument document : manifests.documents()) {
      decoded.add(decode(document));
    }
    return new LoadedManifests(decoded, manifests.errors());
  }

  /** Decodes one document; never throws for bad input, it reports problems instead. */
  public Decoded<?> decode(ManifestDocument document) {
    String kindName = document.kind() == null ? "<unknown kind>" : document.kind();
    Problems problems = new Problems(kindName, document.name());
    JsonNode tree = document.tree();
    if (!tree.isObject()) {
      problems.add(
          "<document>", "must be a Kubernetes object (a mapping with apiVersion and kind)");
      return new Decoded<>(document, null, null, problems.toList());
    }
    if (document.apiVersion() == null) {
      problems.add("apiVersion", "required field is missing");
    }
    if (document.kind() == null) {
      problems.add("kind", "required field is missing");
    }
    if (document.apiVersion() == null || document.kind() == null) {
      return new Decoded<>(document, null, null, problems.toList());
    }
    KindDescriptor<?> descriptor = find(document.apiVersion(), document.kind());
    if (descriptor == null) {
      return unregistered(document, problems);
    }
    return decodeWith(document, descriptor, problems);
  }

  private Decoded<?> unregistered(ManifestDocument document, Problems problems) {
    List<String> servedVersions = new ArrayList<>();
    TreeSet<String> kindsInGroup = new TreeSet<>();
    String group = groupOf(document.apiVersion());
    for (KindDescriptor<?> known : byKey.values()) {
      if (known.kind().equals(document.kind()) && known.owned()) {
        servedVersions.add(known.apiVersion());
      }
      if (known.owned() && known.group().equals(group)) {
        kindsInGroup.add(known.kind() + " (" + known.apiVersion() + ")");
      }
    }
    if (!servedVersions.isEmpty()) {
      problems.add(
          "apiVersion",
          "\""
              + document.apiVersion()
              + "\" is not supported for kind "
              + document.kind()
              + "; use "
              + String.join(" or ", servedVersions));
      return new Decoded<>(document, null, null, problems.toList());
    }
    if (!kindsInGroup.isEmpty()) {
      problems.add(
          "kind",
          "unknown kind \""
              + document.kind()
              + "\" in "
              + document.apiVersion()
              + "; known kinds: "
              + String.join(", ", kindsInGroup));
      return new Decoded<>(document, null, null, problems.toList());
    }
    GenericKubernetesResource generic;
    try {
      generic = Mappers.json().treeToValue(document.tree(), GenericKubernetesResource.class);
    } catch (Exception e) {
      generic = null;
    }
    return new Decoded<>(document, null, generic, problems.toList());
  }

  private <T> Decoded<T> decodeWith(
      ManifestDocument document, KindDescriptor<T> descriptor, Problems problems) {
    boolean schemaProblems = false;
    if (descriptor.crd() != null) {
      Problems schema = new Problems(descriptor.kind(), document.name());
      JsonNode crdSchema = schemas.computeIfAbsent(descriptor.crd(), CrdDefinition::schema);
      SchemaChecker.check(document.tree(), crdSchema, FieldPath.root(""), schema);
      if (document.name() == null) {
        schema.add("metadata.name", "required field is missing");
      }
      if (document.namespace() != null && descriptor.crd().clusterScoped()) {
        schema.add(
            "metadata.namespace", descriptor.kind() + " is cluster-scoped: remove the namespace");
      }
      for (Problem problem : schema.toList()) {
        problems.add(problem.fieldPath(), problem.rule());
        schemaProblems |= !problem.rule().equals("unknown field");
      }
    }
    if (schemaProblems) {
      return new Decoded<>(document, descriptor, null, problems.toList());
    }
    try {
      T object = Mappers.json().treeToValue(document.tree(), descriptor.type());
      return new Decoded<>(document, descriptor, object, problems.toList());
    } catch (JsonMappingException e) {
      problems.add(pathOf(e), "cannot decode: " + firstLine(e.getOriginalMessage()));
    } catch (Exception e) {
      problems.add("<document>", "cannot decode: " + firstLine(e.getMessage()));
    }
    return new Decoded<>(document, descriptor, null, problems.toList());
  }

  private static String pathOf(JsonMappingException e) {
    FieldPath path = FieldPath.root("");
    for (JsonMappingException.Reference ref : e.getPath()) {
      path = ref.getIndex() >= 0 ? path.index(ref.getIndex()) : path.child(ref.getFieldName());
    }
    String text = path.toString();
    return text.isEmpty() ? "<document>" : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid value";
    }
    return message.lines().findFirst().orElse(message);
  }

  private static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }
}
