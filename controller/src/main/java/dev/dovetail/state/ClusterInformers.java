package dev.dovetail.state;

import dev.dovetail.api.v1alpha5.Machine;
import dev.dovetail.api.v1alpha5.Provisioner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The informers Dovetail's controllers read from, with client-side indexes (pods by node, nodes by
 * provider id), feeding {@link ClusterState}: Pods, Nodes, Machines, Provisioners, the cloud
 * provider's node class kind (as generic resources: the provider names the kind and owns the type),
 * DaemonSets, PodDisruptionBudgets, PersistentVolumeClaims, PersistentVolumes and StorageClasses.
 * Server-side field selectors are not used, so the caches work against any API server and the
 * embedded one.
 */
public final class ClusterInformers implements AutoCloseable {
  /** Index of pods by {@code spec.nodeName}. */
  public static final String BY_NODE = "byNode";

  /** Index of nodes by {@code spec.providerID}. */
  public static final String BY_PROVIDER_ID = "byProviderId";

  private final ClusterState state;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<Node> nodes;
  private final SharedIndexInformer<Machine> machines;
  private final SharedIndexInformer<Provisioner> provisioners;
  private final Optional<SharedIndexInformer<GenericKubernetesResource>> nodeClasses;
  private final SharedIndexInformer<DaemonSet> daemonSets;
  private final SharedIndexInformer<PodDisruptionBudget> podDisruptionBudgets;
  private final SharedIndexInformer<PersistentVolumeClaim> persistentVolumeClaims;
  private final SharedIndexInformer<PersistentVolume> persistentVolumes;
  private final SharedIndexInformer<StorageClass> storageClasses;
  private final SharedIndexInformer<Namespace> namespaces;
  private final List<SharedIndexInformer<?>> all = new ArrayList<>();

  /** Creates the informers (not started) and wires them to {@code state}; no node class kind. */
  public ClusterInformers(KubernetesClient client, ClusterState state) {
    this(client, state, Optional.empty());
  }

  /**
   * Creates the informers (not started) and wires them to {@code state}.
   *
   * @param nodeClass the cloud provider's node class kind ({@code ProviderConventions#nodeClass})
   */
  public ClusterInformers(
      KubernetesClient client, ClusterState state, Optional<ResourceDefinitionContext> nodeClass) {
    this.state = state;
    pods = track(client.pods().inAnyNamespace().runnableInformer(0));
    pods.addIndexers(
        Map.of(
            BY_NODE,
            pod ->
                PodPredicates.isScheduled(pod) ? List.of(pod.getSpec().getNodeName()) : List.of()));
    pods.addEventHandler(handler(state::updatePod, state::deletePod));

    nodes = track(client.nodes().runnableInformer(0));
    nodes.addIndexers(
        Map.of(
            BY_PROVIDER_ID,
            node ->
                node.getSpec() != null && node.getSpec().getProviderID() != null
                    ? List.of(node.getSpec().getProviderID())
                    : List.of()));
    nodes.addEventHandler(handler(state::updateNode, state::deleteNode));

    machines = track(client.resources(Machine.class).runnableInformer(0));
    machines.addEventHandler(handler(state::updateMachine, state::deleteMachine));

    provisioners = track(client.resources(Provisioner.class).runnableInformer(0));
    nodeClasses =
        nodeClass.map(kind -> track(client.genericKubernetesResources(kind).runnableInformer(0)));

    daemonSets = track(client.apps().daemonSets().inAnyNamespace().runnableInformer(0));
    daemonSets.addEventHandler(handler(state::updateDaemonSet, state::deleteDaemonSet));

    podDisruptionBudgets =
        track(client.policy().v1().podDisruptionBudget().inAnyNamespace().runnableInformer(0));
    persistentVolumeClaims =
        track(client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0));
    persistentVolumes = track(client.persistentVolumes().runnableInformer(0));
    storageClasses = track(client.storage().v1().storageClasses().runnableInformer(0));
    namespaces = track(client.namespaces().runnableInformer(0));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
    informer.exceptionHandler(ClusterInformers::retryTransient);
    all.add(informer);
    return informer;
  }

  /**
   * Lists and watches again after a transient failure, also before the first list succeeded: a real
   * API server answers 429 while it initializes the storage of a kind (right after its CRD is
   * established) and when priority and fairness sheds load, and 5xx while it restarts. Anything
   * else (forbidden, not found) stops the informer, so its start fails with the cause.
   */
  static boolean retryTransient(boolean started, Throwable failure) {
    if (started) {
      return true;
    }
    return failure instanceof KubernetesClientException e
        && (e.getCode() == 429 || e.getCode() >= 500);
  }

  /** An informer handler: {@code update} on add and update (the new object), {@code delete}. */
  public static <T> ResourceEventHandler<T> handler(Consumer<T> update, Consumer<T> delete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        update.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        update.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        delete.accept(obj);
      }
    };
  }

  /** Starts every informer; the future completes when all have listed and are watching. */
  public CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new));
  }

  /** Every informer has completed its first list. */
  public boolean hasSynced() {
    return all.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /**
   * The informers are synced and cluster state has seen every Machine and Node in their caches; the
   * provisioner waits for this before it plans.
   */
  public boolean synced() {
    if (!hasSynced()) {
      return false;
    }
    List<String> machineNames =
        machines.getStore().list().stream().map(m -> m.getMetadata().getName()).toList();
    List<String> nodeNames =
        nodes.getStore().list().stream().map(n -> n.getMetadata().getName()).toList();
    return state.knowsAll(machineNames, nodeNames);
  }

  /** Pods bound to {@code nodeName}, from the cache. */
  public List<Pod> podsOnNode(String nodeName) {
    return pods.getIndexer().byIndex(BY_NODE, nodeName);
  }

  /** The Node with {@code providerId}, from the cache. */
  public List<Node> nodesByProviderId(String providerId) {
    return nodes.getIndexer().byIndex(BY_PROVIDER_ID, providerId);
  }

  public SharedIndexInformer<Pod> pods() {
    return pods;
  }

  public SharedIndexInformer<Node> nodes() {
    return nodes;
  }

  public SharedIndexInformer<Machine> machines() {
    return machines;
  }

  public SharedIndexInformer<Provisioner> provisioners() {
    return provisioners;
  }

  /** The informer of the provider's node class kind, when the provider has one. */
  public Optional<SharedIndexInformer<GenericKubernetesResource>> nodeClasses() {
    return nodeClasses;
  }

  public SharedIndexInformer<DaemonSet> daemonSets() {
    return daemonSets;
  }

  public SharedIndexInformer<PodDisruptionBudget> podDisruptionBudgets() {
    return podDisruptionBudgets;
  }

  public SharedIndexInformer<PersistentVolumeClaim> persistentVolumeClaims() {
    return persistentVolumeClaims;
  }

  public SharedIndexInformer<PersistentVolume> persistentVolumes() {
    return persistentVolumes;
  }

  /** Namespaces, whose labels namespace selectors of pod affinity terms match. */
  public SharedIndexInformer<Namespace> namespaces() {
    return namespaces;
  }

  /** Every known namespace's labels, by name. */
  public Map<String, Map<String, String>> namespaceLabels() {
    Map<String, Map<String, String>> labels = new java.util.TreeMap<>();
    for (Namespace n : namespaces.getStore().list()) {
      labels.put(
          n.getMetadata().getName(),
          n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels());
    }
    return labels;
  }

  public SharedIndexInformer<StorageClass> storageClasses() {
    return storageClasses;
  }

  public ClusterState state() {
    return state;
  }

  @Override
  public void close() {
    all.forEach(SharedIndexInformer::close);
  }
}
