package dev.passerelle.tenancy;

import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer ...}: the operator token, a tenant API key ({@code psk_...}),
 * or an OAuth2 access token from Passerelle's own authorization server (scoped: its scopes become
 * {@code SCOPE_...} authorities, checked per request by {@link ScopeCheck}). An unusable credential
 * leaves the request anonymous; the entry point then says why.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    static final String REJECTION = BearerTokenFilter.class.getName() + ".rejection";
    static final String OPERATOR = "ROLE_OPERATOR";
    static final String TENANT = "ROLE_TENANT";
    /** Marks a caller authenticated by an OAuth2 access token: only its scopes' requests are allowed. */
    static final String ACCESS_TOKEN = "ACCESS_TOKEN";
    static final String SCOPE = "SCOPE_";

    private final OperatorToken operatorToken;
    private final ApiKeys apiKeys;
    private final AccessTokens accessTokens;

    /** @param accessTokens null when no authorization server issues tokens */
    BearerTokenFilter(OperatorToken operatorToken, ApiKeys apiKeys, AccessTokens accessTokens) {
        this.operatorToken = operatorToken;
        this.apiKeys = apiKeys;
        this.accessTokens = accessTokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.startsWith("/api/") || path.startsWith("/actuator/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            request.setAttribute(REJECTION, "missing 'Authorization: Bearer <token>' header");
        } else if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            request.setAttribute(REJECTION, "the Authorization header must use the Bearer scheme");
        } else {
            authenticate(request, header.substring(7).strip());
        }
        chain.doFilter(request, response);
    }

    private void authenticate(HttpServletRequest request, String token) {
        if (operatorToken.matches(token)) {
            SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                    "operator", null, List.of(new SimpleGrantedAuthority(OPERATOR))));
            return;
        }
        if (!token.startsWith(ApiKeys.PREFIX) && accessTokens != null && !token.isEmpty()) {
            authenticateAccessToken(request, accessTokens.check(token));
            return;
        }
        ApiKeys.Check check = apiKeys.check(token);
        switch (check.verdict()) {
            case VALID -> SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                    check.principal(), null, List.of(new SimpleGrantedAuthority(TENANT))));
            case TENANT_SUSPENDED -> request.setAttribute(REJECTION, "suspended");
            case UNKNOWN -> request.setAttribute(REJECTION, accessTokens == null ? "the bearer token is not a valid API key"
                    : "the bearer token is not a valid API key or access token");
            case REVOKED -> request.setAttribute(REJECTION, "this API key was revoked at " + check.revokedAt().truncatedTo(ChronoUnit.SECONDS)
                    + "; use another key (a Zapier connection: reconnect it, which makes a new key)");
        }
    }

    private void authenticateAccessToken(HttpServletRequest request, AccessTokens.Check check) {
        if (check.suspended()) {
            request.setAttribute(REJECTION, "suspended");
        } else if (check.principal() == null) {
            request.setAttribute(REJECTION, check.refusal());
        } else {
            List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>();
            authorities.add(new SimpleGrantedAuthority(TENANT));
            authorities.add(new SimpleGrantedAuthority(ACCESS_TOKEN));
            check.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority(SCOPE + s)));
            SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                    check.principal(), null, authorities));
        }
    }
}
