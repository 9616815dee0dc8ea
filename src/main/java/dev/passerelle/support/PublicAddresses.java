package dev.passerelle.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses a tenant may make Passerelle connect to: none of the IANA special-purpose
 * ranges (IPv4 and IPv6 registries: loopback, private, shared, link-local, documentation,
 * benchmarking, multicast, reserved, NAT64, 6to4, Teredo, IPv4-mapped and -compatible forms), no
 * name that means this machine, and no host spelled as a number any way but the one way every
 * resolver agrees on. A {@link Reach} an operator chose may add loopback and private networks.
 */
public final class PublicAddresses {

    /** The one dotted-quad spelling: four decimal parts, no leading zeros. */
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    /** A last label that a URL parser would read as a number (decimal, octal or hex). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)$");
    /** What a host name may hold once a URL parser is done with it: ASCII letters, digits, '-' and '.'. */
    private static final Pattern NAME = Pattern.compile("^[a-z0-9-]+(\\.[a-z0-9-]+)*$");
    private static final Pattern IPV6_LITERAL = Pattern.compile("^\\[[0-9a-f:.]+]$");
    /** Names for this machine whatever a DNS server says (RFC 6761, and Debian's /etc/hosts). */
    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "ip6-localhost", "ip6-loopback");

    private record Range(byte[] prefix, int bits) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((address[i / 8] & mask) != (prefix[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final List<Range> SPECIAL = List.of(
            // IPv4 special-purpose registry, plus multicast and the reserved 240/4
            range("0.0.0.0", 8), range("10.0.0.0", 8), range("100.64.0.0", 10), range("127.0.0.0", 8),
            range("169.254.0.0", 16), range("172.16.0.0", 12), range("192.0.0.0", 24), range("192.0.2.0", 24),
            range("192.31.196.0", 24), range("192.52.193.0", 24), range("192.88.99.0", 24), range("192.168.0.0", 16),
            range("192.175.48.0", 24), range("198.18.0.0", 15), range("198.51.100.0", 24), range("203.0.113.0", 24),
            range("224.0.0.0", 4), range("240.0.0.0", 4),
            // IPv6 special-purpose registry (::/96 covers :: , ::1 and the IPv4-compatible forms)
            range("::", 96), range("::ffff:0:0", 96), range("64:ff9b::", 96), range("64:ff9b:1::", 48),
            range("100::", 64), range("2001::", 23), range("2001:db8::", 32), range("2002::", 16),
            range("3fff::", 20), range("5f00::", 16), range("fc00::", 7), range("fe80::", 10), range("fec0::", 10),
            range("ff00::", 8));
    private static final List<Range> LOOPBACK = List.of(range("127.0.0.0", 8), range("::1", 128));
    /** Networks an organisation numbers itself (RFC 1918, shared address space, unique local). */
    private static final List<Range> PRIVATE_USE = List.of(range("10.0.0.0", 8), range("172.16.0.0", 12),
            range("192.168.0.0", 16), range("100.64.0.0", 10), range("fc00::", 7));
    private static final List<Range> LINK_LOCAL = List.of(range("169.254.0.0", 16), range("fe80::", 10));

    private PublicAddresses() {
    }

    private static Range range(String address, int bits) {
        try {
            return new Range(InetAddress.getByName(address).getAddress(), bits);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private static boolean in(List<Range> ranges, InetAddress address) {
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** True when {@code address} is in no special-purpose range. */
    public static boolean isPublic(InetAddress address) {
        return !in(SPECIAL, address);
    }

    public static boolean isLoopback(InetAddress address) {
        return in(LOOPBACK, address);
    }

    /** 10/8, 172.16/12, 192.168/16, 100.64/10 or fc00::/7. */
    public static boolean isPrivateUse(InetAddress address) {
        return in(PRIVATE_USE, address);
    }

    /** True when a connection with {@code reach} may go to {@code address}. */
    public static boolean allowed(InetAddress address, Reach reach) {
        return isPublic(address) || (reach.loopback() && isLoopback(address))
                || (reach.privateNetworks() && isPrivateUse(address));
    }

    /**
     * Why the host, as written in a URL, is refused before any look-up, or null: a numeric host
     * other than a canonical dotted quad (octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, a bare
     * {@code 2130706433}, a short {@code 127.1}, a trailing dot {@code 127.0.0.1.}) is read
     * differently by different resolvers, and a
     * host with anything but ASCII letters, digits, '-' and '.' (percent-encoded, full-width
     * digits) is a name some resolver reads as something else.
     */
    public static String spellingProblem(String host) {
        if (host == null || host.isBlank()) {
            return "no host";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            // An IPv6 literal has one reading; its address is checked like any other.
            return IPV6_LITERAL.matcher(h).matches() ? null : "the host '" + host + "' is not an IPv6 address";
        }
        boolean trailingDot = h.endsWith(".");
        if (trailingDot) {
            h = h.substring(0, h.length() - 1);
        }
        if (!NAME.matcher(h).matches()) {
            return "the host '" + host + "' is not a plain name or address (ASCII letters, digits, '-' and '.'; "
                    + "write an international name in punycode, xn--…)";
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(last).matches() && (trailingDot || !CANONICAL_IPV4.matcher(h).matches())) {
            return "the host '" + host + "' is a number not written as four decimal parts (a.b.c.d); resolvers "
                    + "disagree on what it means";
        }
        return null;
    }

    /**
     * Why the host is refused for {@code reach} on its spelling alone, or null: a wrong spelling,
     * a name for this machine, or an address written out that {@code reach} may not connect to.
     * Answers without asking DNS, so it suits checks at save time; names are checked when resolved.
     */
    public static String problemBeforeLookup(String host, Reach reach) {
        String problem = spellingProblem(host);
        if (problem != null) {
            return problem;
        }
        String bare = bare(host);
        if (!reach.loopback() && (LOOPBACK_NAMES.contains(bare) || bare.endsWith(".localhost"))) {
            return "the host '" + host + "' names this machine (loopback); use the server's public address";
        }
        if (isLiteral(bare)) {
            try {
                InetAddress address = InetAddress.getByName(bare); // a literal: parsed, not looked up
                if (!allowed(address, reach)) {
                    return refusal(host, address);
                }
            } catch (UnknownHostException e) {
                return "the host '" + host + "' is not an address";
            }
        }
        return null;
    }

    /** Every address of {@code host}, or why it may not be connected to (loopback only where allowed). */
    public static InetAddress[] resolve(String host, boolean allowLoopback) throws UnknownHostException {
        return resolve(host, Reach.PUBLIC.withLoopback(allowLoopback));
    }

    /**
     * Every address of {@code host}, each allowed for {@code reach}, or why not: a name with one
     * address that is not allowed is refused whole, so a name cannot mix a public address in.
     */
    public static InetAddress[] resolve(String host, Reach reach) throws UnknownHostException {
        String problem = problemBeforeLookup(host, reach);
        if (problem != null) {
            throw new RefusedAddressException(problem);
        }
        InetAddress[] all = InetAddress.getAllByName(bare(host));
        for (InetAddress a : all) {
            if (!allowed(a, reach)) {
                throw new RefusedAddressException(refusal(host, a));
            }
        }
        return all;
    }

    /** The host as resolvers take it: no brackets, no trailing dot, lower case. */
    private static String bare(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            return h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isLiteral(String bare) {
        return bare.indexOf(':') >= 0 || CANONICAL_IPV4.matcher(bare).matches();
    }

    private static String refusal(String host, InetAddress a) {
        String what = isLoopback(a) ? "a loopback address (this machine)"
                : isPrivateUse(a) ? "a private network address"
                : in(LINK_LOCAL, a) ? "a link-local address (where cloud metadata services answer)"
                : "a special-purpose address (reserved, multicast, documentation or translation)";
        String literal = isLiteral(bare(host)) ? "the host '" + host + "' is "
                : "the host '" + host + "' resolves to " + a.getHostAddress() + ", ";
        return literal + what + ", which is not public";
    }

    /** The host may not be connected to. Thrown before any connection is attempted. */
    public static final class RefusedAddressException extends UnknownHostException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
