package dev.passerelle.authserver;

import java.util.function.UnaryOperator;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.passerelle.support.Tokens;

/**
 * Spring's JDBC authorization store, with only a hash of each code and token written: whoever reads
 * the database (a backup, a replica, a leak) gets no working token, as with API keys. Lookups hash
 * what was presented; the authorization found carries the presented value back in place of its
 * hash, which is what Spring's providers compare and answer (a kept refresh token is sent back as
 * presented). Codes, access and refresh tokens are hashed; the {@code state} is not a credential
 * (it only ties a consent to its request, for the user who made it) and stays as is.
 */
final class HashedAuthorizations implements OAuth2AuthorizationService {

    static final String HASHED = "sha256:";

    private final OAuth2AuthorizationService jdbc;

    HashedAuthorizations(OAuth2AuthorizationService jdbc) {
        this.jdbc = jdbc;
    }

    static String hash(String token) {
        return HASHED + Tokens.sha256Hex(token);
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        // Values already hashed came from the database unchanged; generated ones are never "sha256:..."
        // (they are base64url), and a presented one only stands in for the hash it matched.
        jdbc.save(replace(authorization, v -> v.startsWith(HASHED) ? v : hash(v)));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        jdbc.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return jdbc.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            return jdbc.findByToken(token, tokenType);
        }
        String hashed = hash(token);
        OAuth2Authorization found = jdbc.findByToken(hashed, tokenType);
        return found == null ? null : replace(found, v -> v.equals(hashed) ? token : v);
    }

    /** The authorization with each code or token value mapped; metadata (invalidated, claims) kept. */
    private static OAuth2Authorization replace(OAuth2Authorization a, UnaryOperator<String> value) {
        OAuth2Authorization.Builder b = OAuth2Authorization.from(a);
        OAuth2Authorization.Token<OAuth2AuthorizationCode> code = a.getToken(OAuth2AuthorizationCode.class);
        if (code != null) {
            OAuth2AuthorizationCode c = code.getToken();
            put(b, code, new OAuth2AuthorizationCode(value.apply(c.getTokenValue()), c.getIssuedAt(), c.getExpiresAt()));
        }
        OAuth2Authorization.Token<OAuth2AccessToken> access = a.getAccessToken();
        if (access != null) {
            OAuth2AccessToken t = access.getToken();
            put(b, access, new OAuth2AccessToken(t.getTokenType(), value.apply(t.getTokenValue()), t.getIssuedAt(),
                    t.getExpiresAt(), t.getScopes()));
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = a.getRefreshToken();
        if (refresh != null) {
            OAuth2RefreshToken t = refresh.getToken();
            put(b, refresh, new OAuth2RefreshToken(value.apply(t.getTokenValue()), t.getIssuedAt(), t.getExpiresAt()));
        }
        return b.build();
    }

    private static <T extends OAuth2Token> void put(OAuth2Authorization.Builder b, OAuth2Authorization.Token<T> old,
                                                    T replacement) {
        b.token(replacement, metadata -> metadata.putAll(old.getMetadata()));
    }
}
