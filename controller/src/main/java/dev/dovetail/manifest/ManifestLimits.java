package dev.dovetail.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * What the manifest reader accepts before it gives up on an input, so that hostile or accidental
 * input (an alias bomb, {@code /dev/zero}, a gigabyte file) ends quickly with one error naming the
 * limit instead of exhausting memory or the stack.
 *
 * @param maxBytes bytes per file or standard input
 * @param maxAliases alias uses per document (Jackson reads YAML events, so SnakeYAML's own alias
 *     limit never applies; this reader counts them itself)
 * @param maxNodes values per document, counting every copy an alias expands to
 * @param maxDepth nesting of maps and lists
 */
public record ManifestLimits(long maxBytes, int maxAliases, long maxNodes, int maxDepth) {
  /** Generous for any set of Kubernetes manifests. */
  public static final ManifestLimits DEFAULT =
      new ManifestLimits(32L * 1024 * 1024, 1_000, 500_000, 100);

  YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxBytes));
    options.setMaxAliasesForCollections(maxAliases);
    options.setNestingDepthLimit(maxDepth);
    return YAMLFactory.builder()
        .loaderOptions(options)
        // the builder does not start from the same parser features as new YAMLFactory()
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .streamReadConstraints(constraints())
        .build();
  }

  JsonFactory jsonFactory() {
    return JsonFactory.builder().streamReadConstraints(constraints()).build();
  }

  private StreamReadConstraints constraints() {
    return StreamReadConstraints.builder().maxNestingDepth(maxDepth + 1).build();
  }

  /**
   * Reads {@code in} as UTF-8, at most {@link #maxBytes()}.
   *
   * @throws IOException naming the limit when there is more
   */
  String readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (total > maxBytes) {
        throw new IOException("input is larger than the limit of " + size(maxBytes));
      }
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String size(long bytes) {
    long mib = 1024 * 1024;
    return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " bytes";
  }

  Budget newBudget() {
    return new Budget();
  }

  /** Counts what one document has used of the limits. */
  final class Budget {
    private long nodes;
    private int aliases;

    /** Null, or the limit entering one more value at {@code depth} exceeds. */
    String enter(int depth) {
      if (depth > maxDepth) {
        return "document nests deeper than the limit of " + maxDepth + " levels";
      }
      if (++nodes > maxNodes) {
        return "document has more than the limit of " + maxNodes + " values";
      }
      return null;
    }

    /** Null, or the limit expanding one more alias to a copy of {@code anchored} exceeds. */
    String alias(JsonNode anchored) {
      if (++aliases > maxAliases) {
        return "document uses more than the limit of " + maxAliases + " aliases";
      }
      nodes += size(anchored, maxNodes - nodes + 1);
      if (nodes > maxNodes) {
        return "document expands aliases to more than the limit of " + maxNodes + " values";
      }
      return null;
    }

    /** The number of values in {@code node}, counting no further than {@code cap}. */
    private static long size(JsonNode node, long cap) {
      long count = 1;
      for (JsonNode child : node) {
        if (count > cap) {
          break;
        }
        count += size(child, cap - count);
      }
      return count;
    }
  }
}
