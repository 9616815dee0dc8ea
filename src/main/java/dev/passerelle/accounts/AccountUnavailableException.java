package dev.passerelle.accounts;

import java.util.UUID;

/**
 * A connected account cannot be used now. {@link #needsReconnect()}: the provider no longer honours
 * the grant (or the account is gone), so retrying cannot help until the tenant reconnects it: the work
 * that needs it fails at once, with this message. Otherwise the provider could not be reached, and
 * trying later may work.
 */
public class AccountUnavailableException extends RuntimeException {

    private final UUID accountId;
    private final boolean needsReconnect;

    AccountUnavailableException(UUID accountId, boolean needsReconnect, String message, Throwable cause) {
        super(message, cause);
        this.accountId = accountId;
        this.needsReconnect = needsReconnect;
    }

    static AccountUnavailableException needsReconnect(UUID accountId, String email, String why) {
        return new AccountUnavailableException(accountId, true, reconnectMessage(accountId) + " (" + (email == null ? ""
                : email + ": ") + why + "); reconnect it (POST /api/v1/accounts/" + accountId
                + "/reconnect, or the link in the email Passerelle sent)", null);
    }

    static AccountUnavailableException notFound(UUID accountId) {
        return new AccountUnavailableException(accountId, true, "connected account " + accountId
                + " not found (disconnected?); connect an account and choose it again", null);
    }

    /** How every error about an account that needs reconnecting begins: work failed this way is resumed on reconnect. */
    public static String reconnectMessage(UUID accountId) {
        return "connected account " + accountId + " needs reconnecting";
    }

    public UUID accountId() {
        return accountId;
    }

    public boolean needsReconnect() {
        return needsReconnect;
    }
}
