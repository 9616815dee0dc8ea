package dev.passerelle.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.passerelle.support.DataDirectory;
import dev.passerelle.support.Tokens;

/**
 * The operator's bearer token: {@code PASSERELLE_ADMIN_TOKEN}, or one generated on first start,
 * kept under the data directory and printed to the log that one time only.
 */
@Component
class OperatorToken {

    static final String FILE = "admin-token";
    private static final Logger log = LoggerFactory.getLogger(OperatorToken.class);

    private final String token;

    OperatorToken(@Value("${passerelle.admin-token:}") String configured, DataDirectory dataDirectory) {
        if (configured != null && !configured.isBlank()) {
            this.token = configured.strip();
            return;
        }
        String stored = dataDirectory.read(FILE);
        if (stored != null && !stored.isBlank()) {
            this.token = stored;
            return;
        }
        this.token = "pop_" + Tokens.urlToken();
        dataDirectory.writePrivate(FILE, token);
        log.warn("""

                ============================================================
                 Generated operator token (shown once, stored in {}):
                   {}
                 Use it as 'Authorization: Bearer <token>' to create tenants.
                 Set PASSERELLE_ADMIN_TOKEN to choose your own.
                ============================================================""",
                dataDirectory.root().resolve(FILE), token);
    }

    boolean matches(String candidate) {
        return Tokens.constantTimeEquals(token, candidate);
    }
}
