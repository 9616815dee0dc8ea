package dev.passerelle.users;

import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.passerelle.tenancy.Tenants;

/** Checks a sign-in: throttle first, then the password, then the tenant. */
@Component
class SignIn {

    enum Outcome {
        SIGNED_IN, WRONG, THROTTLED_ACCOUNT, THROTTLED_ADDRESS, SUSPENDED
    }

    /** @param cookie the new session's cookie value when signed in */
    record Result(Outcome outcome, ConsoleUser user, String cookie, Duration retryAfter) {
    }

    private final UserStore store;
    private final Passwords passwords;
    private final SignInThrottle throttle;
    private final Sessions sessions;
    private final Tenants tenants;
    private final UsersClock clock;

    SignIn(UserStore store, Passwords passwords, SignInThrottle throttle, Sessions sessions, Tenants tenants,
           UsersClock clock) {
        this.store = store;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
        this.tenants = tenants;
        this.clock = clock;
    }

    Result attempt(String email, String password, String address) {
        String account = email == null ? "" : email.strip().toLowerCase(java.util.Locale.ROOT);
        if (account.length() > 320) {
            account = account.substring(0, 320);
        }
        Optional<SignInThrottle.Refusal> refused = throttle.check(account, address);
        if (refused.isPresent()) {
            return new Result(refused.get().account() ? Outcome.THROTTLED_ACCOUNT : Outcome.THROTTLED_ADDRESS, null,
                    null, refused.get().retryAfter());
        }
        Optional<UserStore.Account> found = store.byEmail(account);
        String hash = found.map(UserStore.Account::passwordHash).orElse(null);
        // The password is checked (against a decoy when there is no account) before anything else is
        // said, so answers and their timing tell nobody which addresses have accounts.
        if (!passwords.matches(password == null ? "" : password, hash)) {
            throttle.failed(account, address);
            return new Result(Outcome.WRONG, null, null, null);
        }
        ConsoleUser user = found.get().user();
        throttle.succeeded(account);
        if (user.tenantId() != null && !tenants.isActive(user.tenantId())) {
            return new Result(Outcome.SUSPENDED, user, null, null);
        }
        if (passwords.needsUpgrade(hash)) {
            store.setPassword(user.id(), passwords.hash(password), clock.now());
        }
        return new Result(Outcome.SIGNED_IN, user, sessions.start(user.id(), address), null);
    }
}
