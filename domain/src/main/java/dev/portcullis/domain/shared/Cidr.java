package dev.portcullis.domain.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a /32 or /128. */
public record Cidr(byte[] network, int prefix) {
  public Cidr {
    network = network.clone();
  }

  public static Cidr parse(String text) {
    String value = text.strip();
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    if (!isLiteral(address)) {
      throw new IllegalArgumentException("not an address");
    }
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
      int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(value.substring(slash + 1));
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("prefix out of range");
      }
      return new Cidr(bytes, prefix);
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("not a CIDR", e);
    }
  }

  /** Whether {@code host} is written as an IP address (IPv4 dotted or IPv6), not a name. */
  public static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  public boolean contains(InetAddress address) {
    byte[] candidate = address.getAddress();
    if (candidate.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (candidate[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (candidate[full] & mask) == (network[full] & mask);
  }
}
