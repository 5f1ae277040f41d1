package dev.portcullis.adapter.http;

import dev.portcullis.domain.shared.Cidr;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who a request comes from, decided once per request for throttling and the audit log: the peer address,
 * unless the peer is a proxy the operator trusts ({@code PORTCULLIS_TRUSTED_PROXIES}) — then the rightmost
 * {@code X-Forwarded-For} entry that is not itself a trusted proxy. Without trusted proxies, forwarded
 * headers are ignored: anybody can send them.
 */
public final class PeerAddresses {
  static final String KEY = "portcullis.client-address";
  private final List<Cidr> trusted;

  /** The proxies whose {@code X-Forwarded-For} is believed. */
  public record TrustedProxies(List<String> networks) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
      networks = List.copyOf(networks);
    }
  }

  @Inject
  public PeerAddresses(TrustedProxies proxies) {
    this.trusted = proxies.networks().stream().map(Cidr::parse).toList();
  }

  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(ctx));
    ctx.next();
  }

  private String resolve(RoutingContext ctx) {
    var remote = ctx.request().remoteAddress();
    String peer = remote == null ? "" : remote.hostAddress();
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    List<String> hops = new ArrayList<>();
    for (String header : ctx.request().headers().getAll("X-Forwarded-For")) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!Cidr.isLiteral(hop) || hop.length() > 45) {
        return peer; // garbage in the chain: believe nothing further left
      }
      if (!isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private boolean isTrusted(String address) {
    if (!Cidr.isLiteral(address)) {
      return false;
    }
    try {
      InetAddress parsed = InetAddress.getByName(address); // a literal: no lookup
      return trusted.stream().anyMatch(network -> network.contains(parsed));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
