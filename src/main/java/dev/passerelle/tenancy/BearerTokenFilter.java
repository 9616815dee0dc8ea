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
 * Reads {@code Authorization: Bearer ...}: the operator token, or a tenant API key. An
 * unusable credential leaves the request anonymous; the entry point then says why.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    static final String REJECTION = BearerTokenFilter.class.getName() + ".rejection";
    static final String OPERATOR = "ROLE_OPERATOR";
    static final String TENANT = "ROLE_TENANT";

    private final OperatorToken operatorToken;
    private final ApiKeys apiKeys;

    BearerTokenFilter(OperatorToken operatorToken, ApiKeys apiKeys) {
        this.operatorToken = operatorToken;
        this.apiKeys = apiKeys;
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
        ApiKeys.Check check = apiKeys.check(token);
        switch (check.verdict()) {
            case VALID -> SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(
                    check.principal(), null, List.of(new SimpleGrantedAuthority(TENANT))));
            case TENANT_SUSPENDED -> request.setAttribute(REJECTION, "suspended");
            case UNKNOWN -> request.setAttribute(REJECTION, "the bearer token is not a valid API key");
            case REVOKED -> request.setAttribute(REJECTION, "this API key was revoked at " + check.revokedAt().truncatedTo(ChronoUnit.SECONDS)
                    + "; use another key (a Zapier connection: reconnect it, which makes a new key)");
        }
    }
}
