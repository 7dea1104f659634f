package dev.dovetail.api.v1alpha5;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Taint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hash of a Provisioner's static fields, for static drift (as upstream v0.31): labels,
 * annotations, taints, startup taints and kubelet configuration. Requirements (checked against the
 * node's labels instead), the provider reference and the behavioural fields (ttls, limits, weight,
 * consolidation) are left out, so changing them rolls no node.
 *
 * <p>Machines carry the hash of the spec they were made from in {@link #ANNOTATION}, with {@link
 * #VERSION_ANNOTATION}; Registration copies both to the Node. A Machine whose hash differs from the
 * Provisioner's current one has drifted. Machines without the version were hashed by another
 * implementation (Karpenter itself, before a migration) whose values Dovetail cannot reproduce;
 * they are not judged by the hash, so a migration does not roll the fleet.
 *
 * <p>Empty and absent fields hash alike, as do maps and taint lists in any order.
 */
public final class ProvisionerHash {
  /** Upstream's annotation on Provisioners, Machines and Nodes. */
  public static final String ANNOTATION = "karpenter.sh/provisioner-hash";

  /** Which hash function wrote {@link #ANNOTATION}; only values of {@link #VERSION} compare. */
  public static final String VERSION_ANNOTATION = "dovetail.dev/provisioner-hash-version";

  public static final String VERSION = "v1";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private ProvisionerHash() {}

  /** The hash of the spec's static fields, as an unsigned decimal. */
  public static String of(ProvisionerSpec spec) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("annotations", spec.annotations());
    fields.put("kubeletConfiguration", spec.kubeletConfiguration());
    fields.put("labels", spec.labels());
    fields.put("startupTaints", taints(spec.startupTaints()));
    fields.put("taints", taints(spec.taints()));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
      return Long.toUnsignedString(ByteBuffer.wrap(digest).getLong());
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash the provisioner spec", e);
    }
  }

  /** The annotations a Machine made from {@code spec} carries. */
  public static Map<String, String> annotations(ProvisionerSpec spec) {
    return Map.of(ANNOTATION, of(spec), VERSION_ANNOTATION, VERSION);
  }

  /**
   * Whether an object made from a Provisioner (its annotations given) was made from another spec
   * than {@code current}; false when the annotations carry no hash of this {@link #VERSION}.
   */
  public static boolean drifted(Map<String, String> annotations, ProvisionerSpec current) {
    if (annotations == null
        || !VERSION.equals(annotations.get(VERSION_ANNOTATION))
        || annotations.get(ANNOTATION) == null) {
      return false;
    }
    return !Objects.equals(annotations.get(ANNOTATION), of(current));
  }

  /** Taints as a set: sorted by their serialized form. */
  private static List<String> taints(List<Taint> taints) {
    List<String> out = new ArrayList<>();
    if (taints != null) {
      for (Taint t : taints) {
        try {
          out.add(JSON.writeValueAsString(t));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot hash taint " + t, e);
        }
      }
    }
    out.sort(null);
    return out;
  }
}
