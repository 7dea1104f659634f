package dev.dovetail.api.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals as Kubernetes parses them: dotted IPv4 without leading zeros, or IPv6. */
public final class IpAddresses {
  private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpAddresses() {}

  public static boolean isIp(String text) {
    if (text == null) {
      return false;
    }
    if (text.indexOf(':') < 0) {
      String[] parts = text.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String part : parts) {
        if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (!IPV6_CHARS.matcher(text).matches()) {
      return false;
    }
    try {
      // a literal with a ':' is parsed, never looked up
      InetAddress.getByName("[" + text + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
