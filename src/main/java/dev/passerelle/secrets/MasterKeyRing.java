package dev.passerelle.secrets;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.support.DataDirectory;
import dev.passerelle.support.Tokens;

/**
 * The master keys that encrypt stored secrets. The current key encrypts; every key in the
 * ring decrypts, so values written under an earlier key stay readable until re-encrypted.
 *
 * <p>Keys come from {@code PASSERELLE_MASTER_KEY} (+ {@code PASSERELLE_MASTER_KEY_PREVIOUS}) or,
 * for the zero-setup default, from a key ring file under the data directory whose last line is
 * the current key.
 */
@Component
class MasterKeyRing {

    static final String KEY_FILE = "master.keys";
    private static final Logger log = LoggerFactory.getLogger(MasterKeyRing.class);

    private final DataDirectory dataDirectory;
    private final boolean fromEnvironment;
    private volatile Map<String, SecretKey> keys;
    private volatile String currentKeyId;

    MasterKeyRing(SecretsProperties properties, DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.fromEnvironment = properties.masterKey() != null && !properties.masterKey().isBlank();
        List<byte[]> material = new ArrayList<>();
        if (fromEnvironment) {
            if (properties.previousKeys() != null) {
                for (String previous : properties.previousKeys().split(",")) {
                    if (!previous.isBlank()) {
                        material.add(decode(previous, "PASSERELLE_MASTER_KEY_PREVIOUS"));
                    }
                }
            }
            material.add(decode(properties.masterKey(), "PASSERELLE_MASTER_KEY"));
        } else {
            material.addAll(readOrCreateKeyFile());
        }
        install(material);
    }

    boolean managesKeyFile() {
        return !fromEnvironment;
    }

    String currentKeyId() {
        return currentKeyId;
    }

    SecretKey current() {
        return keys.get(currentKeyId);
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretUnavailableException("master key " + keyId + " is not configured");
        }
        return key;
    }

    /** Adds a freshly generated key to the key ring file and makes it current. */
    synchronized String generateNewCurrentKey() {
        if (fromEnvironment) {
            throw new IllegalStateException("master keys come from the environment");
        }
        List<byte[]> material = new ArrayList<>(keys.values().stream().map(SecretKey::getEncoded).toList());
        material.add(randomKey());
        writeKeyFile(material);
        install(material);
        return currentKeyId;
    }

    static String keyId(byte[] key) {
        return HexFormat.of().formatHex(Tokens.sha256(key), 0, 8);
    }

    private void install(List<byte[]> material) {
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        String last = null;
        for (byte[] bytes : material) {
            last = keyId(bytes);
            ring.put(last, new SecretKeySpec(bytes, "AES"));
        }
        this.keys = Map.copyOf(ring);
        this.currentKeyId = last;
    }

    private List<byte[]> readOrCreateKeyFile() {
        String content = dataDirectory.read(KEY_FILE);
        if (content != null && !content.isBlank()) {
            return content.lines().filter(l -> !l.isBlank())
                    .map(l -> decode(l.substring(l.indexOf(':') + 1), KEY_FILE)).toList();
        }
        List<byte[]> material = List.of(randomKey());
        writeKeyFile(material);
        log.warn("No PASSERELLE_MASTER_KEY set: generated a master key in {}. Fine for a single embedded "
                + "instance; in production set PASSERELLE_MASTER_KEY and keep it out of the data volume.",
                dataDirectory.root().resolve(KEY_FILE));
        return material;
    }

    private void writeKeyFile(List<byte[]> material) {
        StringBuilder out = new StringBuilder();
        for (byte[] key : material) {
            out.append(keyId(key)).append(':').append(Base64.getEncoder().encodeToString(key)).append('\n');
        }
        dataDirectory.writePrivate(KEY_FILE, out.toString());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(where + " must be 32 bytes (256 bits), base64-encoded; got "
                    + key.length + " bytes. Generate one with: openssl rand -base64 32");
        }
        return key;
    }
}
