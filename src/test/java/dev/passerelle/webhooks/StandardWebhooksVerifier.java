package dev.passerelle.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification's text
 * ("Verifying webhook authenticity", standard-webhooks.md), not from Passerelle's signer: the
 * content signed is {@code msg_id.timestamp.payload}, the key the base64-decoded part of the
 * secret after {@code whsec_}, the signature base64 HMAC-SHA256 carried as {@code v1,<sig>} in
 * a space-delimited list of signatures.
 */
final class StandardWebhooksVerifier {

    private StandardWebhooksVerifier() {
    }

    static String expected(String secret, String msgId, String timestamp, byte[] payload) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String toSign = msgId + "." + timestamp + "." + new String(payload, StandardCharsets.UTF_8);
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verify(String secret, String msgId, String timestamp, byte[] payload, String signatureHeader) {
        byte[] want = expected(secret, msgId, timestamp, payload).getBytes(StandardCharsets.UTF_8);
        for (String signature : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(want, signature.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
