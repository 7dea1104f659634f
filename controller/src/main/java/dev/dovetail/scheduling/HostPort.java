package dev.dovetail.scheduling;

/**
 * A host port a container binds: two pods on one node conflict when protocol and port match and the
 * addresses overlap ({@code 0.0.0.0} or empty overlaps every address).
 *
 * @param ip the host IP, empty for all addresses
 * @param port the host port
 * @param protocol TCP, UDP or SCTP
 */
public record HostPort(String ip, int port, String protocol) {
  public HostPort {
    ip = ip == null || ip.isEmpty() ? "0.0.0.0" : ip;
    protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
  }

  public static HostPort tcp(int port) {
    return new HostPort("", port, "TCP");
  }

  public boolean conflictsWith(HostPort other) {
    return port == other.port
        && protocol.equals(other.protocol)
        && (ip.equals(other.ip) || ip.equals("0.0.0.0") || other.ip.equals("0.0.0.0"));
  }

  @Override
  public String toString() {
    return (ip.equals("0.0.0.0") ? "" : ip + ":") + port + "/" + protocol;
  }
}
