package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile URLs a tenant may give an HTTP action: each is refused before any socket is opened
 * (the guard below counts connect attempts, and refuses anything but loopback anyway).
 */
class OutboundHttpTest {

    final AtomicInteger connects = new AtomicInteger();
    final OutboundHttp http = new OutboundHttp(new org.springframework.beans.factory.support.StaticListableBeanFactory(
            Map.of("guard", (ConnectGuard) target -> {
                connects.incrementAndGet();
                throw new java.net.ConnectException("no connection in this test: " + target);
            })).getBeanProvider(ConnectGuard.class), false, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));

    @ParameterizedTest
    @ValueSource(strings = {
            // spellings resolvers disagree on
            "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://127.1/",
            "http://127.0.1/", "http://017700000001/", "http://0.0.0.0x1/", "http://1.2.3.04/",
            // IPv4 special-purpose ranges
            "http://127.0.0.1/", "http://10.0.0.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data/",
            "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.1.1/", "http://192.0.0.1/",
            "http://192.0.2.1/", "http://198.18.0.1/", "http://198.51.100.7/", "http://203.0.113.9/",
            "http://0.1.2.3/", "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
            // IPv6 special-purpose ranges and IPv4 in IPv6 clothing
            "http://[::1]/", "http://[::]/", "http://[::127.0.0.1]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::7f00:1]/", "http://[64:ff9b:1::a00:1]/",
            "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://[fec0::1]/", "http://[ff02::1]/",
            "http://[2001:db8::1]/", "http://[2002:7f00:1::]/", "http://[2001:0:4136:e378::1]/", "http://[100::1]/",
            // not HTTP, or carrying credentials
            "ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/"})
    void isRefusedBeforeAnyConnection(String url) {
        assertThatThrownBy(() -> http.post(URI.create(url), Map.of(), "{}".getBytes(), "application/json"))
                .isInstanceOf(PublicAddresses.RefusedAddressException.class);
        assertThat(connects).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1", "8.8.8.8"})
    void publicAddressesArePublic(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(java.net.InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "cafe.be", "shop.example", "1.2.3.4", "a.b.c.d.e"})
    void ordinaryHostSpellingsPass(String host) {
        assertThat(PublicAddresses.spellingProblem(host)).isNull();
    }
}
