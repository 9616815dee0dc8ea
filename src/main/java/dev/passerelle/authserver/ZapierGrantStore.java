package dev.passerelle.authserver;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.tenancy.ZapierGrants;
import dev.passerelle.users.ConsoleUser;
import dev.passerelle.users.Users;

/**
 * Zapier's grants in a tenant: those its users gave (a grant names the user, and a user one tenant).
 * Revoking deletes the rows, so every code, access and refresh token of them stops working at once,
 * and the remembered consents, so connecting again asks again.
 */
@Component
class ZapierGrantStore implements ZapierGrants {

    private final JdbcClient jdbc;
    private final Users users;
    private final OAuth2AuthorizationService authorizations;

    ZapierGrantStore(JdbcClient jdbc, Users users, OAuth2AuthorizationService authorizations) {
        this.jdbc = jdbc;
        this.users = users;
        this.authorizations = authorizations;
    }

    @Override
    public UUID credentialId(UUID tenantId) {
        return TokenChecks.credentialId(AuthorizationServerConfiguration.ZAPIER, tenantId);
    }

    @Override
    public int active(UUID tenantId) {
        List<String> team = team(tenantId);
        if (team.isEmpty()) {
            return 0;
        }
        List<String> ids = jdbc.sql("""
                SELECT id FROM oauth2_authorization
                WHERE registered_client_id = :client AND principal_name IN (:users)""")
                .param("client", AuthorizationServerConfiguration.ZAPIER).param("users", team)
                .query(String.class).list();
        int live = 0;
        for (String id : ids) {
            OAuth2Authorization grant = authorizations.findById(id);
            if (grant != null && (isActive(grant.getRefreshToken()) || isActive(grant.getAccessToken()))) {
                live++;
            }
        }
        return live;
    }

    @Override
    @Transactional
    public int revoke(UUID tenantId) {
        List<String> team = team(tenantId);
        if (team.isEmpty()) {
            return 0;
        }
        jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :client AND principal_name IN (:users)")
                .param("client", AuthorizationServerConfiguration.ZAPIER).param("users", team).update();
        return jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :client AND principal_name IN (:users)")
                .param("client", AuthorizationServerConfiguration.ZAPIER).param("users", team).update();
    }

    private static boolean isActive(OAuth2Authorization.Token<?> token) {
        return token != null && token.isActive();
    }

    private List<String> team(UUID tenantId) {
        return users.team(tenantId).stream().map(ConsoleUser::id).map(UUID::toString).toList();
    }
}
