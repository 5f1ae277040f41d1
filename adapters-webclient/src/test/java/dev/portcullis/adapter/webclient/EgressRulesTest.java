package dev.portcullis.adapter.webclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The egress policy's decisions on URLs and addresses (no network). */
class EgressRulesTest {
  private final EgressRules serve = new EgressRules(List.of(), false);

  @Test
  void internal_metadata_and_special_addresses_are_refused_by_default() throws Exception {
    for (String address : List.of("127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.5.5", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "192.0.2.1", "198.18.0.1")) {
      assertThat(serve.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }
  }

  @Test
  void public_addresses_pass() throws Exception {
    for (String address : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111")) {
      assertThat(serve.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }
  }

  @Test
  void urls_need_https_and_a_host_unless_the_operator_allows_http() {
    assertThat(serve.refusal(URI.create("https://idp.example.com/token"))).isEmpty();
    assertThat(serve.refusal(URI.create("http://idp.example.com/token"))).hasValueSatisfying(reason -> assertThat(reason).contains("http"));
    assertThat(serve.refusal(URI.create("https:///x"))).isPresent();
    assertThat(serve.refusal(URI.create("https://169.254.169.254/latest/meta-data/"))).isPresent();
    assertThat(serve.refusal(URI.create("https://[::ffff:7f00:1]/"))).isPresent();
    assertThat(serve.refusal(URI.create("https://localhost/"))).isPresent();
    assertThat(new EgressRules(List.of(), true).refusal(URI.create("http://idp.example.com/token"))).isEmpty();
  }

  @Test
  void the_operator_allow_list_opens_a_network_or_a_host_and_nothing_else() throws Exception {
    EgressRules rules = new EgressRules(List.of("10.20.0.0/16", "idp.internal", "192.168.1.7"), false);

    assertThat(rules.refusal(InetAddress.getByName("10.20.3.4"))).isEmpty();
    assertThat(rules.refusal(InetAddress.getByName("10.21.3.4"))).isPresent();
    assertThat(rules.refusal(InetAddress.getByName("192.168.1.7"))).isEmpty();
    assertThat(rules.refusal(InetAddress.getByName("192.168.1.8"))).isPresent();
    assertThat(rules.hostAllowed("IDP.internal")).isTrue();
    assertThat(rules.refusal(URI.create("http://idp.internal/token"))).as("an allowed host may use http").isEmpty();
    assertThat(EgressRules.invalidEntry("10.0.0.0/33")).isPresent();
    assertThat(EgressRules.invalidEntry("not a host!")).isPresent();
  }
}
