package dev.passerelle.secrets;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param masterKey    base64 of 32 bytes; when empty, a key ring file under the data directory is used
 * @param previousKeys comma-separated base64 keys that may still encrypt stored values (during a rotation)
 */
@ConfigurationProperties("passerelle.secrets")
record SecretsProperties(String masterKey, String previousKeys) {
}
