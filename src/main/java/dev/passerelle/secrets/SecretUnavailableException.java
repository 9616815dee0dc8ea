package dev.passerelle.secrets;

/** A stored secret cannot be decrypted: wrong key, tampered value, or a value moved to another row. */
public class SecretUnavailableException extends RuntimeException {

    public SecretUnavailableException(String message) {
        super(message);
    }
}
