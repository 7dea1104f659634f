package dev.dovetail.sim.workload;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates pods under a generated name, as the API server does for {@code generateName}: the prefix
 * plus five characters of upstream's alphabet, drawn again when the name is taken (409
 * AlreadyExists), at most {@value #ATTEMPTS} times as the API server retries. The characters come
 * from the injected {@link Random}, so a seeded run draws the same names. A create that fails is
 * logged and skipped: the controller's next pass tries again, and the other pods are not held up.
 */
final class GeneratedNames {
  static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
  static final int ATTEMPTS = 8;
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedNames.class);

  private final Random random;

  GeneratedNames(Random random) {
    this.random = random;
  }

  /**
   * Creates {@code pod} named {@code prefix} plus a suffix; returns the created pod, or null when
   * no attempt succeeded. Sets the name on {@code pod}.
   */
  Pod create(KubernetesClient client, String prefix, Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    KubernetesClientException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      pod.getMetadata().setName(prefix + suffix());
      try {
        return client.pods().inNamespace(namespace).resource(pod).create();
      } catch (KubernetesClientException e) {
        last = e;
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          break;
        }
      }
    }
    LOG.atWarn()
        .addKeyValue("namespace", namespace)
        .addKeyValue("generate-name", prefix)
        .addKeyValue("error", last.getMessage())
        .log("failed to create pod");
    return null;
  }

  private String suffix() {
    StringBuilder text = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      text.append(ALPHANUMS.charAt(random.nextInt(ALPHANUMS.length())));
    }
    return text.toString();
  }
}
