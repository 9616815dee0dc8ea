package dev.passerelle.authserver;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.stereotype.Component;

import dev.passerelle.tenancy.AccessTokens;
import dev.passerelle.tenancy.TenantPrincipal;
import dev.passerelle.tenancy.Tenants;
import dev.passerelle.users.ConsoleUser;
import dev.passerelle.users.Users;

/**
 * What an access token is worth on the API: looked up (by its hash) on every call, so a revoked or
 * unlinked grant stops at once, on every instance. It acts for the tenant of the user who consented,
 * while that user still has an account there and the tenant is active.
 */
@Component
class TokenChecks implements AccessTokens {

    private static final int LONGEST = 512;

    private final OAuth2AuthorizationService authorizations;
    private final Users users;
    private final Tenants tenants;

    TokenChecks(OAuth2AuthorizationService authorizations, Users users, Tenants tenants) {
        this.authorizations = authorizations;
        this.users = users;
        this.tenants = tenants;
    }

    /** Stands for a client's grants in one tenant (see {@link dev.passerelle.tenancy.ZapierGrants#credentialId}). */
    static UUID credentialId(String registeredClientId, UUID tenantId) {
        return UUID.nameUUIDFromBytes(("oauth2:" + registeredClientId + ":" + tenantId).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Check check(String token) {
        if (token.length() > LONGEST) {
            return Check.refused("the bearer token is not a valid API key or access token");
        }
        OAuth2Authorization grant;
        try {
            grant = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
        } catch (DataRetrievalFailureException clientGone) {
            // The token's client is no longer configured: none of its tokens work.
            return Check.refused("this access token's app is no longer registered with this Passerelle");
        }
        if (grant == null || grant.getAccessToken() == null) {
            return Check.refused("the bearer token is not a valid API key or access token");
        }
        OAuth2Authorization.Token<OAuth2AccessToken> access = grant.getAccessToken();
        if (access.isInvalidated()) {
            return Check.refused("this access token was revoked; connect the app again");
        }
        if (access.isExpired()) {
            return Check.refused("this access token expired at " + access.getToken().getExpiresAt()
                    .truncatedTo(ChronoUnit.SECONDS) + "; get a new one with the refresh token");
        }
        Optional<ConsoleUser> user = userOf(grant.getPrincipalName());
        if (user.isEmpty()) {
            return Check.refused("the user who allowed this access token no longer has an account; connect the app "
                    + "again as another user");
        }
        UUID tenantId = user.get().tenantId();
        if (!tenants.isActive(tenantId)) {
            return Check.suspendedTenant();
        }
        return Check.valid(new TenantPrincipal(tenantId, credentialId(grant.getRegisteredClientId(), tenantId)),
                access.getToken().getScopes());
    }

    private Optional<ConsoleUser> userOf(String principalName) {
        try {
            return users.find(UUID.fromString(principalName)).filter(u -> u.tenantId() != null);
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }
}
