package dev.passerelle.support;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Hostile URLs a tenant may give wherever Passerelle calls out (HTTP actions, webhook targets,
 * shop REST calls, SMTP hosts): one corpus, shared by every test of an outbound check. Each entry
 * says why it is hostile, so a path that allows loopback (tests) or private networks (a lab an
 * operator turned on) knows which ones it must still refuse.
 */
public final class HostileUrls {

    /** Why a URL is hostile. */
    public enum Kind {
        /** A number spelled so resolvers disagree on it (octal, hex, short, one integer, padded). */
        SPELLING,
        /** A special-purpose address no reach allows: this network, link-local, reserved, documentation, ... */
        SPECIAL,
        /** A private-use network (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7). */
        PRIVATE,
        /** This machine, by address or by name. */
        LOOPBACK,
        /** Credentials in the URL, or a host hidden behind them. */
        CREDENTIALS,
        /** A host percent-encoded or written with non-ASCII look-alikes that some parsers fold to an address. */
        ENCODED,
        /** Not http or https. */
        NOT_HTTP
    }

    public record Hostile(String url, Kind kind) {

        /** The host as written (between {@code //} and the path, port removed), for SMTP host fields. */
        public String host() {
            String rest = url.substring(url.indexOf("//") + 2);
            String authority = rest.split("[/?#]", 2)[0];
            return authority.startsWith("[") ? authority.substring(0, authority.indexOf(']') + 1)
                    : authority.replaceFirst(":\\d+$", "");
        }

        /** The same URL on https, for paths that call only https. */
        public String https() {
            return url.startsWith("http://") ? "https://" + url.substring("http://".length()) : url;
        }

        @Override
        public String toString() {
            return kind + " " + url;
        }
    }

    public static final List<Hostile> CORPUS = List.of(
            // spellings resolvers disagree on
            new Hostile("http://0177.0.0.1/", Kind.SPELLING),
            new Hostile("http://0x7f.0.0.1/", Kind.SPELLING),
            new Hostile("http://0x7f000001/", Kind.SPELLING),
            new Hostile("http://2130706433/", Kind.SPELLING),
            new Hostile("http://127.1/", Kind.SPELLING),
            new Hostile("http://127.0.1/", Kind.SPELLING),
            new Hostile("http://017700000001/", Kind.SPELLING),
            new Hostile("http://127.000.000.001/", Kind.SPELLING),
            new Hostile("http://0.0.0.0x1/", Kind.SPELLING),
            new Hostile("http://1.2.3.04/", Kind.SPELLING),
            new Hostile("http://0/", Kind.SPELLING),
            new Hostile("http://10.1/", Kind.SPELLING),
            new Hostile("http://0x0a000001/", Kind.SPELLING),
            new Hostile("http://3232235521/", Kind.SPELLING),
            new Hostile("http://2852039166/latest/meta-data/", Kind.SPELLING),
            new Hostile("http://0251.0376.0251.0376/", Kind.SPELLING),
            new Hostile("http://0xa9.0xfe.0xa9.0xfe/", Kind.SPELLING),
            new Hostile("http://169.254.43518/", Kind.SPELLING),
            new Hostile("http://127.0.0.1./", Kind.SPELLING),
            // IPv4 special-purpose ranges
            new Hostile("http://0.0.0.0/", Kind.SPECIAL),
            new Hostile("http://0.1.2.3/", Kind.SPECIAL),
            new Hostile("http://169.254.169.254/latest/meta-data/", Kind.SPECIAL),
            new Hostile("http://169.254.0.1/", Kind.SPECIAL),
            new Hostile("http://192.0.0.1/", Kind.SPECIAL),
            new Hostile("http://192.0.0.170/", Kind.SPECIAL),
            new Hostile("http://192.0.2.1/", Kind.SPECIAL),
            new Hostile("http://192.88.99.1/", Kind.SPECIAL),
            new Hostile("http://198.18.0.1/", Kind.SPECIAL),
            new Hostile("http://198.19.255.254/", Kind.SPECIAL),
            new Hostile("http://198.51.100.7/", Kind.SPECIAL),
            new Hostile("http://203.0.113.9/", Kind.SPECIAL),
            new Hostile("http://224.0.0.1/", Kind.SPECIAL),
            new Hostile("http://239.255.255.250/", Kind.SPECIAL),
            new Hostile("http://240.0.0.1/", Kind.SPECIAL),
            new Hostile("http://255.255.255.255/", Kind.SPECIAL),
            // IPv6 special-purpose ranges and IPv4 in IPv6 clothing
            new Hostile("http://[::]/", Kind.SPECIAL),
            new Hostile("http://[::127.0.0.1]/", Kind.SPECIAL),
            new Hostile("http://[::ffff:169.254.169.254]/", Kind.SPECIAL),
            new Hostile("http://[64:ff9b::7f00:1]/", Kind.SPECIAL),
            new Hostile("http://[64:ff9b::a9fe:a9fe]/", Kind.SPECIAL),
            new Hostile("http://[64:ff9b:1::a00:1]/", Kind.SPECIAL),
            new Hostile("http://[fe80::1]/", Kind.SPECIAL),
            new Hostile("http://[febf::1]/", Kind.SPECIAL),
            new Hostile("http://[fec0::1]/", Kind.SPECIAL),
            new Hostile("http://[ff02::1]/", Kind.SPECIAL),
            new Hostile("http://[2001:db8::1]/", Kind.SPECIAL),
            new Hostile("http://[2002:7f00:1::]/", Kind.SPECIAL),
            new Hostile("http://[2001:0:4136:e378::1]/", Kind.SPECIAL),
            new Hostile("http://[100::1]/", Kind.SPECIAL),
            // private-use networks
            new Hostile("http://10.0.0.1/", Kind.PRIVATE),
            new Hostile("http://10.255.255.254/", Kind.PRIVATE),
            new Hostile("http://100.64.0.1/", Kind.PRIVATE),
            new Hostile("http://100.127.255.254/", Kind.PRIVATE),
            new Hostile("http://172.16.0.1/", Kind.PRIVATE),
            new Hostile("http://172.31.255.254/", Kind.PRIVATE),
            new Hostile("http://192.168.1.1/", Kind.PRIVATE),
            new Hostile("http://[fc00::1]/", Kind.PRIVATE),
            new Hostile("http://[fd12:3456::1]/", Kind.PRIVATE),
            new Hostile("http://[::ffff:10.0.0.1]/", Kind.PRIVATE),
            // this machine, by address and by name (names resolve through /etc/hosts or RFC 6761)
            new Hostile("http://127.0.0.1/", Kind.LOOPBACK),
            new Hostile("http://127.255.255.254/", Kind.LOOPBACK),
            new Hostile("http://[::1]/", Kind.LOOPBACK),
            new Hostile("http://[::ffff:127.0.0.1]/", Kind.LOOPBACK),
            new Hostile("http://[0:0:0:0:0:ffff:7f00:1]/", Kind.LOOPBACK),
            new Hostile("http://localhost/", Kind.LOOPBACK),
            new Hostile("http://LOCALHOST./", Kind.LOOPBACK),
            new Hostile("http://shop.localhost/", Kind.LOOPBACK),
            new Hostile("http://a.b.localhost./", Kind.LOOPBACK),
            new Hostile("http://ip6-localhost/", Kind.LOOPBACK),
            // credentials, and hosts hidden behind them
            new Hostile("http://user:pw@example.com/", Kind.CREDENTIALS),
            new Hostile("http://example.com@127.0.0.1/", Kind.CREDENTIALS),
            new Hostile("http://example.com:443@169.254.169.254/", Kind.CREDENTIALS),
            new Hostile("http://shop.example%40127.0.0.1@10.0.0.1/", Kind.CREDENTIALS),
            // encoded hosts and non-ASCII look-alikes
            new Hostile("http://%31%32%37.0.0.1/", Kind.ENCODED),
            new Hostile("http://127%2E0%2E0%2E1/", Kind.ENCODED),
            new Hostile("http://loc%61lhost/", Kind.ENCODED),
            new Hostile("http://\u2460\u2461\u2466.\u24ea.\u24ea.\u2460/", Kind.ENCODED),
            new Hostile("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", Kind.ENCODED),
            new Hostile("http://127\u30020\u30020\u30021/", Kind.ENCODED),
            new Hostile("http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3/", Kind.ENCODED),
            // not http
            new Hostile("ftp://example.com/", Kind.NOT_HTTP),
            new Hostile("file:///etc/passwd", Kind.NOT_HTTP),
            new Hostile("gopher://127.0.0.1:6379/_INFO", Kind.NOT_HTTP),
            new Hostile("dict://127.0.0.1:11211/stats", Kind.NOT_HTTP),
            new Hostile("ldap://example.com/", Kind.NOT_HTTP),
            new Hostile("jar:http://example.com!/", Kind.NOT_HTTP),
            new Hostile("//example.com/", Kind.NOT_HTTP));

    /** Refused whatever {@code passerelle.outbound.allow-loopback} says. */
    public static final List<String> NOT_LOOPBACK = CORPUS.stream().filter(h -> h.kind() != Kind.LOOPBACK)
            .map(Hostile::url).toList();

    /** Loopback, however written: refused unless {@code allow-loopback} (tests, benchmarks) lets it through. */
    public static final List<String> LOOPBACK = CORPUS.stream().filter(h -> h.kind() == Kind.LOOPBACK)
            .map(Hostile::url).toList();

    private HostileUrls() {
    }

    /** For {@code @MethodSource("dev.passerelle.support.HostileUrls#all")}. */
    public static Stream<String> all() {
        return CORPUS.stream().map(Hostile::url);
    }

    /** For {@code @MethodSource("dev.passerelle.support.HostileUrls#notLoopback")}. */
    public static Stream<String> notLoopback() {
        return NOT_LOOPBACK.stream();
    }

    /** Every entry, with its kind. */
    public static Stream<Hostile> corpus() {
        return CORPUS.stream();
    }

    /** Refused even where an operator allowed loopback and private networks (a lab). */
    public static Stream<Hostile> neverAllowed() {
        return CORPUS.stream().filter(h -> !Set.of(Kind.PRIVATE, Kind.LOOPBACK).contains(h.kind()));
    }
}
