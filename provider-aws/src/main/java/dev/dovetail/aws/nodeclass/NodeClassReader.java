package dev.dovetail.aws.nodeclass;

import dev.dovetail.aws.api.v1alpha1.AWSNodeTemplate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * AWSNodeTemplates by name, as the cloud provider reads them on every provisioning and
 * deprovisioning pass: from the AWSNodeTemplate informer's cache once one is attached and synced,
 * otherwise from the API server. A template is converted once per resource version.
 */
public final class NodeClassReader implements Function<String, Optional<NodeClassSpec>> {
  private record Converted(String uid, String resourceVersion, NodeClassSpec spec) {}

  private final KubernetesClient client;
  private final Map<String, Converted> converted = new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<GenericKubernetesResource> informer;

  public NodeClassReader(KubernetesClient client) {
    this.client = client;
  }

  /** Reads from {@code templates} from now on, once it has synced. */
  public void readFrom(SharedIndexInformer<GenericKubernetesResource> templates) {
    this.informer = templates;
  }

  @Override
  public Optional<NodeClassSpec> apply(String name) {
    SharedIndexInformer<GenericKubernetesResource> cache = informer;
    if (cache == null || !cache.hasSynced()) {
      AWSNodeTemplate template = client.resources(AWSNodeTemplate.class).withName(name).get();
      return Optional.ofNullable(template).map(AWSNodeTemplateAdapter::toNodeClassSpec);
    }
    GenericKubernetesResource cached = cache.getStore().getByKey(name);
    if (cached == null) {
      converted.remove(name);
      return Optional.empty();
    }
    String uid = cached.getMetadata().getUid();
    String version = cached.getMetadata().getResourceVersion();
    Converted known = converted.get(name);
    if (known != null
        && version != null
        && version.equals(known.resourceVersion())
        && Objects.equals(uid, known.uid())) {
      return Optional.of(known.spec());
    }
    NodeClassSpec spec =
        AWSNodeTemplateAdapter.toNodeClassSpec(
            client.getKubernetesSerialization().convertValue(cached, AWSNodeTemplate.class));
    converted.put(name, new Converted(uid, version, spec));
    return Optional.of(spec);
  }
}
