package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;

/**
 * Writes one part of an object with a single JSON merge patch. Lists in the patch replace the
 * stored ones as a whole. fabric8 reads the object from the server first when it knows only its
 * name ({@code editStatus} reads and then patches), and copies an object it is handed through JSON;
 * so it is handed an empty object of the same kind with only the name and namespace.
 */
public final class MergePatch {
  private MergePatch() {}

  /** Replaces the fields of {@code object}'s status that {@code status} has; returns the result. */
  public static <T extends HasMetadata> T status(KubernetesClient client, T object, Object status) {
    return client
        .resource(stub(object))
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", status)));
  }

  /** Replaces the fields of {@code object}'s spec that {@code spec} has; returns the result. */
  public static <T extends HasMetadata> T spec(KubernetesClient client, T object, Object spec) {
    return client
        .resource(stub(object))
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("spec", spec)));
  }

  /** A new object of {@code object}'s class (which sets its kind) with its name and namespace. */
  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T stub(T object) {
    T stub;
    try {
      stub = (T) object.getClass().getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no empty constructor: " + object.getClass(), e);
    }
    stub.setMetadata(
        new ObjectMetaBuilder()
            .withName(object.getMetadata().getName())
            .withNamespace(object.getMetadata().getNamespace())
            .build());
    return stub;
  }
}
