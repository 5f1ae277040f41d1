package dev.portcullis.adapter.webclient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Names for the egress tests, resolved by this JVM only (JDK name-service SPI), so no test depends on a
 * real DNS: {@code internal.portcullis.test} is 127.0.0.1, and {@code rebinding.portcullis.test} is a public
 * address here — while the test's Vert.x resolver says 127.0.0.1 for it (a DNS-rebinding attacker's name:
 * one answer when checked, another when connected). Every other name goes to the built-in resolver.
 */
public final class TestNames extends InetAddressResolverProvider {
  static final String INTERNAL = "internal.portcullis.test";
  static final String REBINDING = "rebinding.portcullis.test";
  static final AtomicInteger rebindingLookups = new AtomicInteger();

  @Override
  public InetAddressResolver get(Configuration configuration) {
    InetAddressResolver builtin = configuration.builtinResolver();
    return new InetAddressResolver() {
      @Override
      public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
        if (host.equalsIgnoreCase(INTERNAL)) {
          return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        }
        if (host.equalsIgnoreCase(REBINDING)) {
          rebindingLookups.incrementAndGet();
          return Stream.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));
        }
        return builtin.lookupByName(host, policy);
      }

      @Override
      public String lookupByAddress(byte[] addr) throws UnknownHostException {
        return builtin.lookupByAddress(addr);
      }
    };
  }

  @Override
  public String name() {
    return "portcullis-test-names";
  }
}
