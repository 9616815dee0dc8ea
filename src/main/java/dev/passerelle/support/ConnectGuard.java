package dev.passerelle.support;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A last word on every outbound socket {@link OutboundHttp} opens, at connect time. Production has
 * none; the test suite installs one that refuses anything but loopback, so no test can reach the
 * network even if an address check it exercises were wrong.
 */
public interface ConnectGuard {

    void check(InetSocketAddress target) throws IOException;
}
