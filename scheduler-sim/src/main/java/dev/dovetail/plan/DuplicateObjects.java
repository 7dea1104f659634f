package dev.dovetail.plan;

import dev.dovetail.manifest.Decoded;
import dev.dovetail.manifest.ManifestDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster-scoped objects of our kinds defined twice in one set of manifests: which definition would
 * win depends on apply order, so a plan from them would be a guess. Each duplicate names both
 * places.
 */
public final class DuplicateObjects {
  private static final List<String> KINDS = List.of("Provisioner", "AWSNodeTemplate");

  private DuplicateObjects() {}

  /** One line per object defined more than once, naming the first and the later place. */
  public static List<String> in(List<Decoded<?>> documents) {
    Map<String, ManifestDocument> first = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (Decoded<?> decoded : documents) {
      ManifestDocument d = decoded.document();
      if (d.name() == null || !KINDS.contains(d.kind())) {
        continue;
      }
      ManifestDocument earlier = first.putIfAbsent(d.kind() + "/" + d.name(), d);
      if (earlier != null) {
        lines.add(
            d.displayName()
                + " is defined twice: at "
                + earlier.location()
                + " and at "
                + d.location());
      }
    }
    return lines;
  }
}
