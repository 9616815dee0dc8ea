package dev.passerelle.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.events.DomainEvents;
import dev.passerelle.secrets.SecretStore;
import dev.passerelle.support.Conflict;
import dev.passerelle.support.Ids;
import dev.passerelle.support.InvalidInput;
import dev.passerelle.support.NotFound;
import dev.passerelle.web.PublicUrls;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connected accounts: connecting (authorization code with PKCE, the state bound to the tenant and
 * used once), fresh access tokens for the features that use an account (refreshed once, by one
 * instance, before they expire), {@code NEEDS_RECONNECT} when the provider refuses the grant, and
 * disconnecting (revoked at the provider when it can).
 *
 * <p>Tokens live only in the secret store: one secret per account, its purpose naming the
 * account, so a ciphertext moved to another account or tenant does not decrypt.
 */
@Service
public class Accounts {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    static final String TOKENS_PURPOSE = "accounts.oauth2:";
    static final String VERIFIER_PURPOSE = "accounts.pkce";
    /** An access token closer than this to its expiry is refreshed before it is handed out. */
    private static final Duration SKEW = Duration.ofSeconds(60);
    /** How long one instance holds an account while it refreshes it. */
    private static final Duration REFRESH_LOCK = Duration.ofSeconds(30);
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    /** What a connect begins with: where to send the browser. */
    public record Authorization(String authorizationUrl, Instant expiresAt) {
    }

    /** What the browser came back to: the account, and whether it was reconnected. */
    record Completed(ConnectedAccount account, boolean created, boolean reconnected) {
    }

    private final AccountStore store;
    private final Providers providers;
    private final TokenClient tokens;
    private final SecretStore secrets;
    private final DomainEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AccountsProperties properties;
    private final PublicUrls publicUrls;
    private final JsonMapper json;

    Accounts(AccountStore store, Providers providers, TokenClient tokens, SecretStore secrets, DomainEvents events,
             TransactionTemplate tx, Clock clock, AccountsProperties properties, PublicUrls publicUrls, JsonMapper json) {
        this.store = store;
        this.providers = providers;
        this.tokens = tokens;
        this.secrets = secrets;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.publicUrls = publicUrls;
        this.json = json;
    }

    public List<ConnectedAccount> list(UUID tenantId) {
        return store.list(tenantId);
    }

    public Optional<ConnectedAccount> find(UUID tenantId, UUID accountId) {
        return store.find(tenantId, accountId).map(AccountStore.Row::account);
    }

    Map<String, String> providers() {
        return providers.available();
    }

    /** The fixed redirect URI registered at every provider. */
    String redirectUri() {
        String configured = properties.redirectUri();
        return configured != null && !configured.isBlank() ? configured : publicUrls.of("/accounts/callback");
    }

    /**
     * Begins a connect: the provider's authorization URL, with PKCE and a state bound to this
     * tenant (and to the account, for a reconnect). {@code extraScopes}: for API accounts, what
     * the APIs the tenant calls need beyond the provider's defaults.
     */
    public Authorization begin(UUID tenantId, String providerName, String purpose, List<String> extraScopes,
                               UUID accountId) {
        Provider p = provider(providerName).orElseThrow(() -> new InvalidInput("provider: "
                + (providerName == null ? "required" : "'" + providerName + "' is not configured") + "; one of "
                + String.join(", ", providers.available().keySet())));
        if (purpose == null || !Purpose.ALL.contains(purpose)) {
            throw new InvalidInput("purpose: mail (send email from the account) or api (call APIs with it)");
        }
        if (Purpose.MAIL.equals(purpose) && p.smtp() == null) {
            throw new InvalidInput("purpose: provider " + p.name() + " has no SMTP server configured for sending");
        }
        LinkedHashSet<String> scopes = new LinkedHashSet<>(p.scopes(purpose));
        for (String s : extraScopes == null ? List.<String>of() : extraScopes) {
            if (s == null || !s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}")) {
                throw new InvalidInput("scopes: each scope is one word of printable characters (no spaces, quotes "
                        + "or backslashes)");
            }
            scopes.add(s);
        }
        if (scopes.size() > 30) {
            throw new InvalidInput("scopes: at most 30");
        }
        String state = dev.passerelle.support.Tokens.urlToken();
        OAuth2AuthorizationRequest request = authorizationRequest(p, List.copyOf(scopes), state, null);
        String verifier = (String) request.getAttribute(PkceParameterNames.CODE_VERIFIER);
        Instant now = clock.instant();
        Instant expires = now.plus(properties.authorizationTtl());
        tx.executeWithoutResult(s -> {
            UUID verifierSecret = secrets.store(tenantId, VERIFIER_PURPOSE, verifier);
            store.insertPending(new AccountStore.Pending(dev.passerelle.support.Tokens.sha256Hex(state), tenantId,
                    p.name(), purpose, List.copyOf(scopes), verifierSecret, accountId, expires), now);
        });
        return new Authorization(request.getAuthorizationRequestUri(), expires);
    }

    /** A reconnect of an existing account: the same provider, purpose and scopes; only the same identity will do. */
    public Authorization beginReconnect(UUID tenantId, UUID accountId) {
        ConnectedAccount a = find(tenantId, accountId).orElseThrow(() -> new NotFound("account " + accountId));
        return begin(tenantId, a.provider(), a.purpose(), a.scopes(), a.id());
    }

    /** The reconnect link of the email: begins a reconnect of the account it names, while it needs one. */
    Optional<Authorization> beginReconnectByLink(String token) {
        return store.findByReconnectToken(dev.passerelle.support.Tokens.sha256Hex(token))
                .filter(r -> ConnectedAccount.NEEDS_RECONNECT.equals(r.account().status()))
                .map(r -> beginReconnect(r.account().tenantId(), r.account().id()));
    }

    /** A provider whose discovery fails (its issuer unreachable) is a 409 saying so, not a server error. */
    private Optional<Provider> provider(String name) {
        try {
            return providers.find(name);
        } catch (IllegalStateException e) {
            throw new Conflict(e.getMessage());
        }
    }

    private OAuth2AuthorizationRequest authorizationRequest(Provider p, List<String> scopes, String state,
                                                            String verifier) {
        OAuth2AuthorizationRequest.Builder b = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri(p.authorizationUri()).clientId(p.clientId()).redirectUri(redirectUri())
                .scopes(new LinkedHashSet<>(scopes)).state(state)
                .additionalParameters(new LinkedHashMap<>(p.authorizationParameters()))
                .attributes(a -> a.put(OAuth2ParameterNames.REGISTRATION_ID, p.name()));
        if (verifier == null) {
            OAuth2AuthorizationRequestCustomizers.withPkce().accept(b);
        } else {
            // Coming back: the same request, with the verifier kept when it began.
            b.attributes(a -> a.put(PkceParameterNames.CODE_VERIFIER, verifier));
        }
        return b.build();
    }

    /**
     * The browser came back with {@code code} (or the provider's {@code error}). The state must be one
     * this server handed out, unexpired and not used before; it says which tenant the account joins.
     */
    Completed complete(String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank()) {
            throw new InvalidInput("state: missing; start again from POST /api/v1/accounts");
        }
        AccountStore.Pending pending = tx.execute(s -> store.takePending(dev.passerelle.support.Tokens.sha256Hex(state))
                .orElse(null));
        if (pending == null) {
            throw new InvalidInput("state: unknown or already used; start again from POST /api/v1/accounts");
        }
        String verifier;
        try {
            verifier = secrets.reveal(pending.tenantId(), pending.verifierSecret());
        } finally {
            secrets.delete(pending.tenantId(), pending.verifierSecret());
        }
        if (pending.expiresAt().isBefore(clock.instant())) {
            throw new InvalidInput("state: this connect began more than " + properties.authorizationTtl().toMinutes()
                    + " minutes ago; start again");
        }
        if (error != null && !error.isBlank()) {
            throw new InvalidInput("the provider refused: " + error
                    + (errorDescription == null || errorDescription.isBlank() ? "" : " (" + errorDescription + ")"));
        }
        if (code == null || code.isBlank()) {
            throw new InvalidInput("code: missing");
        }
        Provider p = provider(pending.provider()).orElseThrow(() -> new Conflict("provider "
                + pending.provider() + " is no longer configured"));
        ClientRegistration registration = TokenClient.registration(p, redirectUri(), pending.scopes());
        OAuth2AccessTokenResponse response;
        try {
            response = tokens.exchange(registration, authorizationRequest(p, pending.scopes(), state, verifier), code);
        } catch (OAuth2AuthorizationException e) {
            throw new InvalidInput("the provider refused the code: " + describe(e));
        } catch (RuntimeException e) {
            throw new Conflict("the provider's token endpoint could not be reached: " + rootMessage(e));
        }
        Identity who = identity(p, response);
        List<String> granted = response.getAccessToken().getScopes().isEmpty() ? pending.scopes()
                : List.copyOf(response.getAccessToken().getScopes());
        Instant expires = expiry(response);
        String refresh = response.getRefreshToken() == null ? null : response.getRefreshToken().getTokenValue();
        TokenPair pair = new TokenPair(response.getAccessToken().getTokenValue(), refresh);
        return tx.execute(s -> store(pending, p, who, granted, expires, pair));
    }

    private Completed store(AccountStore.Pending pending, Provider p, Identity who, List<String> granted,
                            Instant expires, TokenPair pair) {
        Instant now = clock.instant();
        UUID tenantId = pending.tenantId();
        Optional<AccountStore.Row> existing = store.findByIdentity(tenantId, p.name(), pending.purpose(), who.subject());
        if (pending.accountId() != null && existing.map(r -> !r.account().id().equals(pending.accountId())).orElse(true)) {
            String expected = store.find(tenantId, pending.accountId()).map(r -> r.account().email()).orElse("?");
            throw new Conflict("signed in as " + (who.email() == null ? who.subject() : who.email())
                    + ", not as the account being reconnected (" + expected + "); sign in with that account");
        }
        if (existing.isPresent()) {
            AccountStore.Row row = existing.get();
            boolean wasBroken = !row.account().connected();
            secrets.replace(tenantId, row.tokenSecret(), tokensJson(pair, row));
            store.reconnected(tenantId, row.account().id(), who.email() != null ? who.email() : row.account().email(),
                    granted, expires, pair.refreshToken() != null || row.refreshable(), now);
            ConnectedAccount a = find(tenantId, row.account().id()).orElseThrow();
            events.publish(tenantId, a.id(), new AccountConnected(a.id(), a.provider(),
                    a.purpose(), a.email(), wasBroken));
            log.info("Account {} of tenant {} ({} {}) connected again", a.id(), tenantId, a.provider(), a.purpose());
            return new Completed(a, false, wasBroken);
        }
        UUID id = Ids.newId();
        UUID secret = secrets.store(tenantId, TOKENS_PURPOSE + id, tokensJson(pair, null));
        ConnectedAccount a = new ConnectedAccount(id, tenantId, p.name(), pending.purpose(), who.subject(), who.email(),
                granted, ConnectedAccount.CONNECTED, expires, null, now, null, null);
        if (!store.insert(a, secret, pair.refreshToken() != null, now)) {
            // Connected twice at once: the other connect's row stands.
            secrets.delete(tenantId, secret);
            AccountStore.Row row = store.findByIdentity(tenantId, p.name(), pending.purpose(), who.subject()).orElseThrow();
            return new Completed(row.account(), false, false);
        }
        events.publish(tenantId, id, new AccountConnected(id, a.provider(), a.purpose(),
                a.email(), false));
        log.info("Account {} of tenant {} ({} {}) connected", id, tenantId, a.provider(), a.purpose());
        return new Completed(find(tenantId, id).orElseThrow(), true, false);
    }

    /** Disconnects: revoked at the provider when it offers revocation (best effort), then forgotten. */
    public boolean disconnect(UUID tenantId, UUID accountId) {
        AccountStore.Row row = store.find(tenantId, accountId).orElseThrow(() -> new NotFound("account " + accountId));
        ConnectedAccount a = row.account();
        boolean revoked = false;
        Provider p = providers.find(a.provider()).orElse(null);
        if (p != null && p.revocationUri() != null) {
            try {
                TokenPair pair = read(tenantId, row);
                revoked = pair.refreshToken() != null ? tokens.revoke(p, pair.refreshToken(), "refresh_token")
                        : tokens.revoke(p, pair.accessToken(), "access_token");
            } catch (IOException | RuntimeException e) {
                log.warn("Account {} of tenant {}: revocation at {} failed ({}); forgotten here all the same",
                        accountId, tenantId, a.provider(), rootMessage(e));
            }
        }
        boolean confirmed = revoked;
        tx.executeWithoutResult(s -> {
            store.delete(tenantId, accountId);
            secrets.delete(tenantId, row.tokenSecret());
            events.publish(tenantId, accountId, new AccountDisconnected(accountId,
                    a.provider(), a.purpose(), a.email(), confirmed));
        });
        return revoked;
    }

    /**
     * A fresh access token of the account, refreshed first when it is about to expire. Throws
     * {@link AccountUnavailableException}: at once, without calling the provider, when the account
     * needs reconnecting.
     */
    public AccessToken accessToken(UUID tenantId, UUID accountId) {
        AccountStore.Row row = store.find(tenantId, accountId).orElseThrow(() -> AccountUnavailableException.notFound(accountId));
        ConnectedAccount a = row.account();
        if (!a.connected()) {
            throw AccountUnavailableException.needsReconnect(accountId, a.email(), a.lastError());
        }
        if (a.accessExpiresAt() != null && a.accessExpiresAt().isAfter(clock.instant().plus(SKEW))) {
            return token(row, read(tenantId, row).accessToken());
        }
        return refresh(row, null);
    }

    /**
     * The provider refused {@code rejected} although it was believed valid (an API's 401, an SMTP
     * server's 535): one refresh, unless another use refreshed it already, and the new token.
     */
    public AccessToken refreshAfterRejection(UUID tenantId, UUID accountId, String rejected) {
        AccountStore.Row row = store.find(tenantId, accountId).orElseThrow(() -> AccountUnavailableException.notFound(accountId));
        if (!row.account().connected()) {
            throw AccountUnavailableException.needsReconnect(accountId, row.account().email(), row.account().lastError());
        }
        String current = read(tenantId, row).accessToken();
        if (!current.equals(rejected)) {
            return token(row, current);
        }
        return refresh(row, rejected);
    }

    /** The refresh job: accounts whose token expires before {@code asOf} + refresh-before. Returns how many were refreshed. */
    int refreshDue(Instant asOf) {
        int refreshed = 0;
        for (AccountStore.Row row : store.dueForRefresh(asOf.plus(properties.refreshBefore()), clock.instant(), 100)) {
            try {
                refresh(row, null);
                refreshed++;
            } catch (AccountUnavailableException e) {
                log.warn("Account {} of tenant {}: {}", row.account().id(), row.account().tenantId(), e.getMessage());
            }
        }
        return refreshed;
    }

    /** Begun connects that never came back are forgotten with their verifiers. */
    int purgeExpiredAuthorizations() {
        int purged = 0;
        for (AccountStore.Pending p : store.expiredPending(clock.instant(), 500)) {
            Boolean gone = tx.execute(s -> {
                if (!store.deletePending(p.stateHash())) {
                    return false;
                }
                secrets.delete(p.tenantId(), p.verifierSecret());
                return true;
            });
            purged += Boolean.TRUE.equals(gone) ? 1 : 0;
        }
        return purged;
    }

    /**
     * Refreshes with the refresh token, one instance at a time per account. {@code rejected}: the
     * access token a caller saw refused; when another instance is refreshing, its result is waited for.
     */
    private AccessToken refresh(AccountStore.Row row, String rejected) {
        ConnectedAccount a = row.account();
        UUID tenantId = a.tenantId();
        Instant now = clock.instant();
        if (!store.lockForRefresh(tenantId, a.id(), now, now.plus(REFRESH_LOCK))) {
            return awaitOtherRefresh(row, rejected);
        }
        TokenPair pair = read(tenantId, row);
        Provider p = providers.find(a.provider()).orElse(null);
        if (p == null) {
            store.refreshFailed(tenantId, a.id(), "provider " + a.provider() + " is no longer configured", now);
            throw new AccountUnavailableException(a.id(), false, "connected account " + a.id() + ": provider "
                    + a.provider() + " is no longer configured", null);
        }
        if (pair.refreshToken() == null) {
            throw markNeedsReconnect(row, "the access token expired and the provider gave no refresh token");
        }
        OAuth2AccessTokenResponse response;
        try {
            response = tokens.refresh(TokenClient.registration(p, redirectUri(), a.scopes()), pair,
                    new LinkedHashSet<>(a.scopes()));
        } catch (OAuth2AuthorizationException e) {
            String code = e.getError().getErrorCode();
            if (OAuth2ErrorCodes.INVALID_GRANT.equals(code) || OAuth2ErrorCodes.UNAUTHORIZED_CLIENT.equals(code)) {
                throw markNeedsReconnect(row, "the provider refused the refresh: " + describe(e));
            }
            store.refreshFailed(tenantId, a.id(), "refresh failed: " + describe(e), clock.instant());
            throw new AccountUnavailableException(a.id(), false, "connected account " + a.id()
                    + ": refresh failed, will try again: " + describe(e), e);
        } catch (RuntimeException e) {
            store.refreshFailed(tenantId, a.id(), "refresh failed: " + rootMessage(e), clock.instant());
            throw new AccountUnavailableException(a.id(), false, "connected account " + a.id()
                    + ": the provider could not be reached, will try again: " + rootMessage(e), e);
        }
        String newRefresh = response.getRefreshToken() == null ? pair.refreshToken()
                : response.getRefreshToken().getTokenValue();
        TokenPair fresh = new TokenPair(response.getAccessToken().getTokenValue(), newRefresh);
        Instant expires = expiry(response);
        List<String> scopes = response.getAccessToken().getScopes().isEmpty() ? a.scopes()
                : List.copyOf(response.getAccessToken().getScopes());
        tx.executeWithoutResult(s -> {
            secrets.replace(tenantId, row.tokenSecret(), tokensJson(fresh, null));
            store.refreshed(tenantId, a.id(), expires, scopes, clock.instant());
        });
        log.info("Account {} of tenant {}: access token refreshed, valid until {}", a.id(), tenantId, expires);
        return token(store.find(tenantId, a.id()).orElseThrow(), fresh.accessToken());
    }

    private AccessToken awaitOtherRefresh(AccountStore.Row row, String rejected) {
        UUID tenantId = row.account().tenantId();
        Instant until = clock.instant().plus(Duration.ofSeconds(10));
        while (clock.instant().isBefore(until)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            AccountStore.Row now = store.find(tenantId, row.account().id())
                    .orElseThrow(() -> AccountUnavailableException.notFound(row.account().id()));
            if (!now.account().connected()) {
                throw AccountUnavailableException.needsReconnect(now.account().id(), now.account().email(),
                        now.account().lastError());
            }
            String current = read(tenantId, now).accessToken();
            boolean changed = rejected != null ? !current.equals(rejected)
                    : now.account().accessExpiresAt() != null
                      && now.account().accessExpiresAt().isAfter(clock.instant().plus(SKEW));
            if (changed) {
                return token(now, current);
            }
        }
        throw new AccountUnavailableException(row.account().id(), false, "connected account " + row.account().id()
                + ": another refresh is taking long; will try again", null);
    }

    /** CONNECTED to NEEDS_RECONNECT, with its event (and so its one email), once. */
    private AccountUnavailableException markNeedsReconnect(AccountStore.Row row, String reason) {
        ConnectedAccount a = row.account();
        String link = dev.passerelle.support.Tokens.urlToken();
        String url = publicUrls.of("/accounts/reconnect/" + link);
        Boolean changed = tx.execute(s -> {
            if (!store.needsReconnect(a.tenantId(), a.id(), reason, dev.passerelle.support.Tokens.sha256Hex(link),
                    clock.instant())) {
                return false;
            }
            events.publish(a.tenantId(), a.id(), new AccountNeedsReconnect(a.id(),
                    a.provider(), a.purpose(), a.email(), reason, url));
            return true;
        });
        if (Boolean.TRUE.equals(changed)) {
            log.warn("Account {} of tenant {} ({} {}) needs reconnecting: {}", a.id(), a.tenantId(), a.provider(),
                    a.email(), reason);
        }
        return AccountUnavailableException.needsReconnect(a.id(), a.email(), reason);
    }

    private AccessToken token(AccountStore.Row row, String value) {
        ConnectedAccount a = row.account();
        Provider.Smtp smtp = providers.find(a.provider()).map(Provider::smtp).orElse(null);
        return new AccessToken(a.id(), a.provider(), a.email(), value, a.accessExpiresAt(),
                smtp == null ? null : new AccessToken.SmtpServer(smtp.host(), smtp.port(), smtp.security()));
    }

    private TokenPair read(UUID tenantId, AccountStore.Row row) {
        JsonNode n = json.readTree(secrets.reveal(tenantId, row.tokenSecret()));
        return new TokenPair(n.path("accessToken").asString(), n.path("refreshToken").isString()
                ? n.path("refreshToken").asString() : null);
    }

    /** A reconnect without a new refresh token keeps the old one (providers give one only at the first consent). */
    private String tokensJson(TokenPair pair, AccountStore.Row previous) {
        String refresh = pair.refreshToken();
        if (refresh == null && previous != null) {
            refresh = read(previous.account().tenantId(), previous).refreshToken();
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("accessToken", pair.accessToken());
        m.put("refreshToken", refresh);
        return json.writeValueAsString(m);
    }

    private Instant expiry(OAuth2AccessTokenResponse response) {
        Instant at = response.getAccessToken().getExpiresAt();
        return at != null ? at : clock.instant().plus(DEFAULT_LIFETIME);
    }

    /** Who signed in: from the id token (received straight from the token endpoint over TLS), else the userinfo endpoint. */
    record Identity(String subject, String email) {
    }

    private Identity identity(Provider p, OAuth2AccessTokenResponse response) {
        Object idToken = response.getAdditionalParameters().get("id_token");
        if (idToken instanceof String jwt) {
            JsonNode claims = claims(jwt);
            // OpenID Connect Core 3.1.3.7: an id token received directly from the token endpoint over TLS may
            // be trusted on the TLS server's identity; its audience and issuer are still checked.
            JsonNode aud = claims.path("aud");
            boolean forUs = aud.isArray() ? containsText(aud, p.clientId()) : p.clientId().equals(aud.asString(""));
            if (!forUs) {
                throw new InvalidInput("the provider's id token is not for this client");
            }
            if (p.issuer() != null && !p.issuer().equals(claims.path("iss").asString(""))) {
                throw new InvalidInput("the provider's id token comes from another issuer");
            }
            String email = claims.path("email").isString() ? claims.path("email").asString()
                    : claims.path("preferred_username").isString() ? claims.path("preferred_username").asString() : null;
            String subject = Providers.MICROSOFT.equals(p.name()) && claims.path("oid").isString()
                    ? claims.path("oid").asString() : claims.path("sub").asString(null);
            if (subject != null) {
                return new Identity(subject, email);
            }
        }
        throw new InvalidInput("the provider did not say who signed in (no id token: ask for the openid scope)");
    }

    private JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            throw new InvalidInput("the provider's id token is not a JWT");
        }
        try {
            return json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JacksonException e) {
            throw new InvalidInput("the provider's id token cannot be read");
        }
    }

    private static boolean containsText(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.asString(""))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(OAuth2AuthorizationException e) {
        var err = e.getError();
        return err.getErrorCode() + (err.getDescription() == null ? "" : " (" + err.getDescription() + ")");
    }

    static String rootMessage(Throwable e) {
        List<Throwable> seen = new ArrayList<>();
        Throwable root = e;
        while (root.getCause() != null && !seen.contains(root.getCause())) {
            seen.add(root);
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
