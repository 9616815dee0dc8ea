package dev.passerelle.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over raw body bytes, compared in constant time. */
public final class HmacSha256 {

    private HmacSha256() {
    }

    public static byte[] sign(String secret, byte[] body) {
        return sign(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    /** Over the parts one after the other, as if concatenated; with a key of raw bytes. */
    public static byte[] sign(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static boolean matches(String secret, byte[] body, byte[] presented) {
        return presented != null && MessageDigest.isEqual(sign(secret, body), presented);
    }
}
