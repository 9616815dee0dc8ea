package dev.passerelle.users;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing and the rules a new password must meet.
 *
 * <p>Spring Security's {@code DelegatingPasswordEncoder}: hashes are stored as {@code {bcrypt}...},
 * so the algorithm can change later and old hashes are upgraded at the next sign-in
 * ({@link #needsUpgrade}). bcrypt rather than Argon2: Spring's Argon2 encoder needs BouncyCastle
 * (an 8 MB provider for this one use), and Argon2's memory cost (tens of MB per hash) under a burst
 * of sign-ins would come out of the heap the inbox workers use; bcrypt is adaptive (its cost
 * factor), built in, and costs ~70 ms of CPU per check here.
 */
@Component
class Passwords {

    static final int MIN_LENGTH = 12;
    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut. */
    static final int MAX_BYTES = 72;

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    /** Checked against when the account does not exist, so that answering takes as long either way. */
    private final String decoy = encoder.encode("not a password of anyone");

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        if (hash == null) {
            encoder.matches(password, decoy);
            return false;
        }
        return encoder.matches(password, hash);
    }

    boolean needsUpgrade(String hash) {
        return encoder.upgradeEncoding(hash);
    }

    /** The message key saying what is wrong with a new password, if anything. */
    static Optional<String> problem(String password, String confirmation, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("password.too-short");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("password.too-long");
        }
        if (email != null && password.equalsIgnoreCase(email)) {
            return Optional.of("password.is-email");
        }
        if (!password.equals(confirmation)) {
            return Optional.of("password.mismatch");
        }
        return Optional.empty();
    }
}
