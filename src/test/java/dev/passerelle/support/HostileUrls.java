package dev.passerelle.support;

import java.util.List;
import java.util.stream.Stream;

/**
 * Hostile URLs a tenant may give wherever Passerelle calls out (HTTP actions, webhook targets):
 * one corpus, shared by every test of an outbound check.
 */
public final class HostileUrls {

    /** Refused whatever {@code passerelle.outbound.allow-loopback} says. */
    public static final List<String> NOT_LOOPBACK = List.of(
            // spellings resolvers disagree on
            "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0x7f000001/", "http://2130706433/", "http://127.1/",
            "http://127.0.1/", "http://017700000001/", "http://0.0.0.0x1/", "http://1.2.3.04/",
            // IPv4 special-purpose ranges
            "http://10.0.0.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data/",
            "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.1.1/", "http://192.0.0.1/",
            "http://192.0.2.1/", "http://198.18.0.1/", "http://198.51.100.7/", "http://203.0.113.9/",
            "http://0.1.2.3/", "http://224.0.0.1/", "http://240.0.0.1/", "http://255.255.255.255/",
            // IPv6 special-purpose ranges and IPv4 in IPv6 clothing
            "http://[::]/", "http://[::127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[64:ff9b::7f00:1]/",
            "http://[64:ff9b:1::a00:1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/",
            "http://[fec0::1]/", "http://[ff02::1]/", "http://[2001:db8::1]/", "http://[2002:7f00:1::]/",
            "http://[2001:0:4136:e378::1]/", "http://[100::1]/",
            // not HTTP, or carrying credentials
            "ftp://example.com/", "file:///etc/passwd", "http://user:pw@example.com/");

    /** Loopback, however written: refused unless {@code allow-loopback} (tests, benchmarks) lets it through. */
    public static final List<String> LOOPBACK = List.of("http://127.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/");

    private HostileUrls() {
    }

    /** For {@code @MethodSource("dev.passerelle.support.HostileUrls#all")}. */
    public static Stream<String> all() {
        return Stream.concat(NOT_LOOPBACK.stream(), LOOPBACK.stream());
    }

    /** For {@code @MethodSource("dev.passerelle.support.HostileUrls#notLoopback")}. */
    public static Stream<String> notLoopback() {
        return NOT_LOOPBACK.stream();
    }
}
