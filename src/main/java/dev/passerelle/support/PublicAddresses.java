package dev.passerelle.support;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which addresses a tenant may make Passerelle connect to: none of the IANA special-purpose
 * ranges (IPv4 and IPv6 registries: loopback, private, shared, link-local, documentation,
 * benchmarking, multicast, reserved, NAT64, 6to4, Teredo, IPv4-mapped and -compatible forms), and
 * no host spelled as a number any way but the one way every resolver agrees on.
 */
public final class PublicAddresses {

    /** The one dotted-quad spelling: four decimal parts, no leading zeros. */
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    /** A last label that a URL parser would read as a number (decimal, octal or hex). */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("^(0x[0-9a-f]*|[0-9]+)$");

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

    private PublicAddresses() {
    }

    private static Range range(String address, int bits) {
        try {
            return new Range(InetAddress.getByName(address).getAddress(), bits);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    /** True when {@code address} is in no special-purpose range. */
    public static boolean isPublic(InetAddress address) {
        byte[] bytes = address.getAddress();
        return SPECIAL.stream().noneMatch(r -> r.contains(bytes));
    }

    public static boolean isLoopback(InetAddress address) {
        byte[] bytes = address.getAddress();
        return LOOPBACK.stream().anyMatch(r -> r.contains(bytes));
    }

    /**
     * Why the host, as written in a URL, is refused before any look-up, or null: a numeric host
     * other than a canonical dotted quad (octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, a bare
     * {@code 2130706433}, a short {@code 127.1}) is read differently by different resolvers.
     */
    public static String spellingProblem(String host) {
        if (host == null || host.isBlank()) {
            return "no host";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[")) {
            return null; // an IPv6 literal has one reading; its address is checked like any other
        }
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_IPV4.matcher(h).matches()) {
            return "the host '" + host + "' is a number not written as four decimal parts (a.b.c.d); resolvers "
                    + "disagree on what it means";
        }
        return null;
    }

    /** Every address of {@code host}, or why it may not be connected to. */
    public static InetAddress[] resolve(String host, boolean allowLoopback) throws UnknownHostException {
        String problem = spellingProblem(host);
        if (problem != null) {
            throw new RefusedAddressException(problem);
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] all = InetAddress.getAllByName(bare);
        for (InetAddress a : all) {
            if (!isPublic(a) && !(allowLoopback && isLoopback(a))) {
                throw new RefusedAddressException("the host '" + host + "' resolves to " + a.getHostAddress()
                        + ", a " + (a instanceof Inet6Address ? "IPv6" : a instanceof Inet4Address ? "IPv4" : "")
                        + " address that is not public (private, loopback, link-local or reserved)");
            }
        }
        return all;
    }

    /** The host may not be connected to. Thrown before any connection is attempted. */
    public static final class RefusedAddressException extends UnknownHostException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
