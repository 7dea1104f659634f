package dev.dovetail.sim.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes one part of an object with a single JSON merge patch. Lists in the patch replace the
 * stored ones as a whole. fabric8 reads the object from the server first when it knows only its
 * name ({@code editStatus} reads and then patches), and copies an object it is handed through JSON;
 * so it is handed an empty object of the same kind with only the name and namespace.
 */
public final class MergePatch {
  private MergePatch() {}

  /**
   * Replaces the fields of {@code object}'s status that {@code status} has. The stored object the
   * server answers with is not read: decoding it cost more than the write.
   *
   * @throws KubernetesClientException with the server's status code if the write is refused
   */
  public static void status(KubernetesClient client, HasMetadata object, Object status) {
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(client.getMasterUrl().toString().replaceAll("/+$", "") + statusPath(object))
            .method(
                "PATCH",
                PatchType.JSON_MERGE.getContentType(),
                Serialization.asJson(Map.of("status", status)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted writing a status", e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException("writing a status failed", e.getCause());
    }
    if (!response.isSuccessful()) {
      throw new KubernetesClientException(
          "writing the status of "
              + object.getKind()
              + " "
              + object.getMetadata().getName()
              + " failed: "
              + response.body(),
          response.code(),
          null);
    }
  }

  /** {@code /api/v1/namespaces/a/pods/p/status}, {@code /apis/apps/v1/.../status}. */
  static String statusPath(HasMetadata object) {
    Class<? extends HasMetadata> type = object.getClass();
    String group = HasMetadata.getGroup(type);
    String version = HasMetadata.getVersion(type);
    StringBuilder path =
        new StringBuilder(group == null || group.isEmpty() ? "/api/" : "/apis/" + group + "/")
            .append(version);
    String namespace = object.getMetadata().getNamespace();
    if (namespace != null && !namespace.isEmpty()) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/')
        .append(HasMetadata.getPlural(type))
        .append('/')
        .append(object.getMetadata().getName())
        .append("/status")
        .toString();
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
