package dev.passerelle.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import dev.passerelle.support.HmacSha256;

/**
 * Standard Webhooks signing (standardwebhooks.com): the secret is {@code whsec_} and the base64 of
 * random bytes; a delivery is signed with HMAC-SHA256 keyed by those bytes over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as {@code v1,<base64 signature>}.
 */
final class Signatures {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] DOT = {'.'};

    private Signatures() {
    }

    /** A new signing secret: 32 random bytes (the specification asks for 24 to 64). */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key a secret stands for. */
    static byte[] key(String secret) {
        return Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
    }

    /** The {@code webhook-signature} header's value. */
    static String header(byte[] key, String messageId, long timestamp, byte[] body) {
        byte[] mac = HmacSha256.sign(key, messageId.getBytes(StandardCharsets.UTF_8), DOT,
                Long.toString(timestamp).getBytes(StandardCharsets.UTF_8), DOT, body);
        return "v1," + Base64.getEncoder().encodeToString(mac);
    }
}
