package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
    @MethodSource("dev.passerelle.support.HostileUrls#all")
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
