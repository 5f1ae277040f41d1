package dev.portcullis.bootstrap.config;

import java.util.List;

/**
 * Where Portcullis may connect for URLs a tenant, client or registrant supplied.
 *
 * @param allow CIDRs, addresses or host names allowed although the default rules refuse them
 *     ({@code PORTCULLIS_EGRESS_ALLOW}, comma- or space-separated): a real internal IdP
 * @param allowHttp plain http to supplied URLs ({@code PORTCULLIS_EGRESS_ALLOW_HTTP}; default true in dev, false in serve)
 */
public record EgressSettings(List<String> allow, boolean allowHttp) {
  public EgressSettings {
    allow = List.copyOf(allow);
  }
}
