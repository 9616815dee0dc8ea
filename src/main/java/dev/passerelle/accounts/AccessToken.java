package dev.passerelle.accounts;

import java.time.Instant;
import java.util.UUID;

/**
 * A fresh access token of a connected account, for one use (an SMTP session, an HTTP call); never
 * logged ({@code toString} hides it).
 *
 * @param smtp where this account sends email with XOAUTH2, or null when its provider has no server
 */
public record AccessToken(UUID accountId, String provider, String email, String value, Instant expiresAt,
                          SmtpServer smtp) {

    /** @param security none, starttls or smtps */
    public record SmtpServer(String host, int port, String security) {
    }

    @Override
    public String toString() {
        return "AccessToken[account=" + accountId + ", expires=" + expiresAt + "]";
    }
}
