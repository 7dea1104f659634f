package dev.dovetail.sim.workload;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;

/**
 * The {@code pod-template-hash} label value of a Deployment's ReplicaSet: a 32-bit FNV-1a hash of
 * the pod template, written in the Kubernetes "safe" alphabet (no vowels, no look-alike digits) as
 * the deployment controller does.
 */
final class PodTemplateHash {
  private PodTemplateHash() {}

  static String of(PodTemplateSpec template) {
    byte[] bytes = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
    int hash = 0x811c9dc5;
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return safeEncode(Integer.toUnsignedString(hash));
  }

  static String safeEncode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      out.append(
          GeneratedNames.ALPHANUMS.charAt(text.charAt(i) % GeneratedNames.ALPHANUMS.length()));
    }
    return out.toString();
  }
}
