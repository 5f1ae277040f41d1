package dev.portcullis.adapter.webclient;

import dev.portcullis.application.shared.port.out.EgressPolicy;
import dev.portcullis.domain.shared.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The egress policy: by default no loopback, private (RFC 1918), link-local (and so the cloud metadata
 * address 169.254.169.254), CGNAT, unique-local, multicast, unspecified, reserved or documentation
 * address, and https only — unless the operator allows a network or host ({@code PORTCULLIS_EGRESS_ALLOW})
 * or plain http ({@code PORTCULLIS_EGRESS_ALLOW_HTTP}). Applied to the URL (a literal address) and again
 * to every address a host name resolves to, at connect time.
 */
public final class EgressRules implements EgressPolicy {
  private static final List<Cidr> BLOCKED = List.of(
      Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"),
      Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"), Cidr.parse("192.0.2.0/24"), Cidr.parse("192.88.99.0/24"), Cidr.parse("192.168.0.0/16"),
      Cidr.parse("198.18.0.0/15"), Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
      Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("64:ff9b::/96"), Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"),
      Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));
  private final List<Cidr> allowedNetworks;
  private final Set<String> allowedHosts;
  private final boolean allowHttp;

  /**
   * @param allowed CIDRs ({@code 10.1.0.0/16}), addresses or host names the operator allows although the rules would refuse them
   * @param allowHttp plain http allowed (development; or an internal provider behind a trusted network)
   */
  public EgressRules(List<String> allowed, boolean allowHttp) {
    List<Cidr> networks = new ArrayList<>();
    java.util.HashSet<String> hosts = new java.util.HashSet<>();
    for (String entry : allowed) {
      String value = entry.strip().toLowerCase(Locale.ROOT);
      if (value.isEmpty()) {
        continue;
      }
      if (value.contains("/") || isLiteral(value)) {
        networks.add(Cidr.parse(value));
      } else {
        hosts.add(value);
      }
    }
    this.allowedNetworks = List.copyOf(networks);
    this.allowedHosts = Set.copyOf(hosts);
    this.allowHttp = allowHttp;
  }

  /** Development: loopback and private networks and plain http allowed, so a local provider works out of the box. */
  public static EgressRules forDevelopment() {
    return new EgressRules(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "localhost"), true);
  }

  /** Validates an allow-list entry; the problem, or empty. */
  public static Optional<String> invalidEntry(String entry) {
    try {
      String value = entry.strip();
      if (value.contains("/") || isLiteral(value)) {
        Cidr.parse(value);
      } else if (!value.matches("[A-Za-z0-9.-]{1,253}")) {
        return Optional.of("not a CIDR, an address or a host name");
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("not a CIDR, an address or a host name");
    }
  }

  @Override
  public Optional<String> refusal(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("the URL must be absolute and name a host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = host(uri);
    if (!scheme.equals("https") && !(scheme.equals("http") && (allowHttp || allowedHosts.contains(host)))) {
      return Optional.of(scheme.equals("http") ? "plain http is not allowed by the egress policy; use https" : "only https URLs are allowed");
    }
    if (isLiteral(host)) {
      try {
        return refusal(InetAddress.getByName(host)); // a literal: no lookup happens
      } catch (UnknownHostException e) {
        return Optional.of("the URL's host is not a valid address");
      }
    }
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return allowedHosts.contains(host) ? Optional.empty() : Optional.of("this host is not allowed by the egress policy");
    }
    return Optional.empty();
  }

  /** Whether {@code host} (as written in a URL) is allowed by name, whatever it resolves to. */
  boolean hostAllowed(String host) {
    return allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /** Why a connection to {@code address} is refused, or empty. */
  public Optional<String> refusal(InetAddress address) {
    InetAddress effective = unmapped(address);
    if (allowedNetworks.stream().anyMatch(net -> net.contains(effective))) {
      return Optional.empty();
    }
    if (effective.isAnyLocalAddress() || effective.isLoopbackAddress() || effective.isLinkLocalAddress() || effective.isSiteLocalAddress()
        || effective.isMulticastAddress() || BLOCKED.stream().anyMatch(net -> net.contains(effective))) {
      return Optional.of("this address is not allowed by the egress policy");
    }
    return Optional.empty();
  }

  static String host(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  static boolean isLiteral(String host) {
    return Cidr.isLiteral(host);
  }

  /** An IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible IPv6 address is judged as the IPv4 address it carries. */
  private static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] bytes = v6.getAddress();
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= bytes[i] == 0;
      }
      if (mapped && ((bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) || (bytes[10] == 0 && bytes[11] == 0 && (bytes[12] | bytes[13]) != 0))) {
        try {
          return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
          return address;
        }
      }
    }
    return address;
  }
}
