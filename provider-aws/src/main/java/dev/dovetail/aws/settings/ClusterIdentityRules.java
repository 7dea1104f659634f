package dev.dovetail.aws.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The rules for the two settings that reach every node's bootstrap: the cluster name and the API
 * server endpoint. Both end up in shell, YAML, TOML and PowerShell, so only what EKS itself accepts
 * passes.
 */
public final class ClusterIdentityRules {
  /**
   * EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, '-' and
   * '_'. Every DNS-1123 label is one; EKS also accepts upper case and '_', so we do too.
   */
  private static final Pattern CLUSTER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

  private ClusterIdentityRules() {}

  /** Why {@code name} is not a cluster name, or null when it is. */
  public static String clusterNameError(String name) {
    if (name == null || name.isEmpty()) {
      return "is required";
    }
    if (!CLUSTER_NAME.matcher(name).matches()) {
      return "must be 1-100 letters, digits, '-' or '_' starting with a letter or digit, got "
          + Printable.of(name);
    }
    return null;
  }

  /**
   * Why {@code endpoint} is not an API server URL ({@code https://host[:port][/path]}, nothing
   * else), or null when it is.
   */
  public static String endpointError(String endpoint) {
    String why = "must be an https:// URL with a host name and nothing but a port and path, got ";
    if (endpoint == null || endpoint.isEmpty()) {
      return "is required";
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return why + Printable.of(endpoint);
    }
    boolean ok =
        "https".equals(uri.getScheme())
            && uri.getRawUserInfo() == null
            && uri.getHost() != null
            && HOST.matcher(uri.getHost()).matches()
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && (uri.getRawPath() == null || uri.getRawPath().matches("[A-Za-z0-9/._~-]*"))
            && endpoint.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\'' && c != '"');
    return ok ? null : why + Printable.of(endpoint);
  }
}
