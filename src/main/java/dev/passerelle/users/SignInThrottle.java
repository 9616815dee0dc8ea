package dev.passerelle.users;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Ids;

/**
 * Failed sign-ins counted per account and per address over a sliding window, in the database so
 * that every instance counts the same failures. Past the limit a sign-in is refused before its
 * password is even checked, until the oldest failure leaves the window.
 */
@Component
class SignInThrottle {

    /** Refused: which limit, and how long until a sign-in may be tried again. */
    record Refusal(boolean account, Duration retryAfter) {
    }

    private final JdbcClient jdbc;
    private final UsersClock clock;
    private final ConsoleProperties settings;

    SignInThrottle(JdbcClient jdbc, UsersClock clock, ConsoleProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    Optional<Refusal> check(String account, String address) {
        Instant now = clock.now();
        Instant since = now.minus(settings.failureWindow());
        Optional<Refusal> byAccount = over("account", account, settings.accountLimit(), since, now)
                .map(oldest -> new Refusal(true, wait(oldest, now)));
        if (byAccount.isPresent()) {
            return byAccount;
        }
        return over("address", address, settings.addressLimit(), since, now).map(oldest -> new Refusal(false, wait(oldest, now)));
    }

    void failed(String account, String address) {
        Instant now = clock.now();
        jdbc.sql("INSERT INTO console_sign_in_failure (id, account, address, failed_at) VALUES (?, ?, ?, ?)")
                .params(Ids.newId(), account, address, Timestamp.from(now)).update();
        // Failures that left the window count for nothing: each new one clears them away.
        jdbc.sql("DELETE FROM console_sign_in_failure WHERE failed_at <= ?")
                .param(Timestamp.from(now.minus(settings.failureWindow()))).update();
    }

    /** A right password clears the account's failures (not the address's: others may share it). */
    void succeeded(String account) {
        jdbc.sql("DELETE FROM console_sign_in_failure WHERE account = ?").param(account).update();
    }

    /** The oldest failure still counting, when there are at least {@code limit} of them. */
    private Optional<Instant> over(String column, String value, int limit, Instant since, Instant now) {
        // The column name comes from this class, never from a request.
        return jdbc.sql("SELECT failed_at FROM console_sign_in_failure WHERE " + column
                        + " = ? AND failed_at > ? AND failed_at <= ? ORDER BY failed_at DESC LIMIT ?")
                .params(value, Timestamp.from(since), Timestamp.from(now), limit)
                .query((rs, i) -> rs.getTimestamp(1).toInstant()).list()
                .stream().skip(limit - 1L).findFirst();
    }

    private Duration wait(Instant oldestCounted, Instant now) {
        Duration left = Duration.between(now, oldestCounted.plus(settings.failureWindow()));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
