package dev.passerelle.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Standard Webhooks signatures (standardwebhooks.com), both ways: Passerelle signs what it
 * delivers and checks what signed hooks receive. A secret is {@code whsec_} and the base64 of its
 * key bytes; a message is signed with HMAC-SHA256 over {@code <webhook-id>.<webhook-timestamp>.<body>}
 * and sent as {@code v1,<base64>}. The timestamp is what makes a captured delivery useless later.
 */
public final class StandardWebhooks {

    public static final String PREFIX = "whsec_";
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    /** How far a delivery's timestamp may be from now: the specification's recommendation. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DOT = {'.'};

    private StandardWebhooks() {
    }

    /** A new secret: 32 random bytes (the specification asks for 24 to 64). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return secretOf(key);
    }

    /** The {@code whsec_} form of a key. */
    public static String secretOf(byte[] key) {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key bytes a secret stands for. */
    public static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    /** The {@code webhook-signature} header's value. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(key, id, Long.toString(timestamp), body));
    }

    /** A check's outcome; {@link #problem} says what was wrong, for the sender. */
    public record Verdict(boolean valid, String problem) {
    }

    /**
     * Checks a received message. The signature header may carry several space-separated
     * signatures (a sender rotating its secret); one matching {@code v1} signature is enough.
     */
    public static Verdict verify(byte[] key, String id, String timestamp, String signatures, byte[] body, Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null) {
            return new Verdict(false, "a Standard Webhooks delivery needs the headers " + ID + ", " + TIMESTAMP + " and "
                    + SIGNATURE);
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return new Verdict(false, TIMESTAMP + " must be the time in seconds since 1970, got '" + timestamp + "'");
        }
        // Compared without a subtraction, which overflows for a timestamp near Long.MIN_VALUE, and
        // said as the number sent, which may lie beyond what an Instant holds (found by EdgeFuzzTest).
        if (seconds < now.getEpochSecond() - TOLERANCE.toSeconds() || seconds > now.getEpochSecond() + TOLERANCE.toSeconds()) {
            return new Verdict(false, TIMESTAMP + " " + seconds + " is more than "
                    + TOLERANCE.toMinutes() + " minutes from now (" + Instant.ofEpochSecond(now.getEpochSecond()) + "): sign each delivery when "
                    + "it is sent; a captured one cannot be replayed later");
        }
        byte[] expected = mac(key, id, timestamp.strip(), body);
        for (String signature : signatures.strip().split(" +")) {
            if (signature.startsWith("v1,")) {
                byte[] presented;
                try {
                    presented = Base64.getDecoder().decode(signature.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, presented)) {
                    return new Verdict(true, null);
                }
            }
        }
        return new Verdict(false, "no v1 signature in " + SIGNATURE + " matches " + ID + "." + TIMESTAMP + ".body");
    }

    private static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
        return HmacSha256.sign(key, id.getBytes(StandardCharsets.UTF_8), DOT,
                timestamp.getBytes(StandardCharsets.UTF_8), DOT, body);
    }
}
