package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-URL corpus against the one outbound HTTP client: each URL a reach does not allow is
 * refused before any socket is opened (the guard records every connect attempt and refuses it).
 */
class OutboundHttpTest {

    static final OutboundHttp.Call LAB = new OutboundHttp.Call(Reach.LOCAL_NETWORK, Duration.ofSeconds(1), 1024);

    final NoConnections connections = new NoConnections();

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#corpus")
    void everyHostileUrlIsRefusedBeforeAnyConnection(HostileUrls.Hostile hostile) {
        OutboundHttp http = connections.http(false);

        assertRefused(hostile, () -> http.post(URI.create(hostile.url()), Map.of(), "{}".getBytes(), "application/json"));
        assertRefused(hostile, () -> http.send("GET", URI.create(hostile.url()), Map.of(), null, null,
                new OutboundHttp.Call(Reach.PUBLIC, Duration.ofSeconds(1), 1024)));
        assertThat(connections.attempts()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#corpus")
    void allowingLoopbackLetsOnlyLoopbackThrough(HostileUrls.Hostile hostile) {
        OutboundHttp http = connections.http(true);

        Throwable thrown = catchThrowable(() -> http.post(URI.create(hostile.url()), Map.of(), "{}".getBytes(),
                "application/json"));

        if (hostile.kind() == HostileUrls.Kind.LOOPBACK) {
            // Allowed: it gets as far as the guard with a loopback address (or finds no address here:
            // this machine does not resolve *.localhost).
            assertThat(thrown).as(hostile.toString()).isNotInstanceOf(PublicAddresses.RefusedAddressException.class);
            assertThat(connections.attempts())
                    .allSatisfy(target -> assertThat(target.getAddress().isLoopbackAddress()).isTrue());
        } else {
            assertRefused(hostile, thrown);
            assertThat(connections.attempts()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.passerelle.support.HostileUrls#corpus")
    void aLabReachAddsPrivateNetworksAndLoopbackAndNothingElse(HostileUrls.Hostile hostile) {
        OutboundHttp http = connections.http(false);

        Throwable thrown = catchThrowable(() -> http.send("GET", URI.create(hostile.url()), Map.of(), null, null, LAB));

        if (hostile.kind() == HostileUrls.Kind.LOOPBACK || hostile.kind() == HostileUrls.Kind.PRIVATE) {
            assertThat(thrown).as(hostile.toString()).isNotInstanceOf(PublicAddresses.RefusedAddressException.class);
            assertThat(connections.attempts()).allSatisfy(target -> assertThat(
                    PublicAddresses.isLoopback(target.getAddress()) || PublicAddresses.isPrivateUse(target.getAddress()))
                    .isTrue());
        } else {
            assertRefused(hostile, thrown);
            assertThat(connections.attempts()).isEmpty();
        }
    }

    @Test
    void theCorpusHoldsAtLeastSixtyUrlsOfEveryKind() {
        assertThat(HostileUrls.CORPUS).hasSizeGreaterThanOrEqualTo(60);
        assertThat(HostileUrls.CORPUS.stream().map(HostileUrls.Hostile::kind).distinct())
                .containsExactlyInAnyOrder(HostileUrls.Kind.values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1", "8.8.8.8"})
    void publicAddressesArePublic(String address) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).isTrue();
        assertThat(PublicAddresses.problemBeforeLookup(address.contains(":") ? "[" + address + "]" : address,
                Reach.PUBLIC)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "cafe.be", "shop.example", "1.2.3.4", "a.b.c.d.e", "example.com.",
            "xn--caf-dma.be", "my-shop.example"})
    void ordinaryHostSpellingsPass(String host) {
        assertThat(PublicAddresses.spellingProblem(host)).isNull();
        assertThat(PublicAddresses.problemBeforeLookup(host, Reach.PUBLIC)).isNull();
    }

    /** Refused as not a URL at all, or by the address check: never by a failed look-up or a connection. */
    static void assertRefused(HostileUrls.Hostile hostile, ThrowingCall call) {
        assertRefused(hostile, catchThrowable(call::run));
    }

    static void assertRefused(HostileUrls.Hostile hostile, Throwable thrown) {
        assertThat(thrown).as(hostile.toString()).isNotNull();
        assertThat(thrown).as(hostile + ": " + thrown).isInstanceOfAny(PublicAddresses.RefusedAddressException.class,
                IllegalArgumentException.class);
    }

    interface ThrowingCall {
        void run() throws Exception;
    }
}
