package dev.passerelle.tenancy;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A tenant's request under /api: an API key may make any; an access token only those its scopes
 * cover ({@link ApiScopes}). A refusal leaves what was missing on the request, so the 403 names it.
 */
final class ScopeCheck implements AuthorizationManager<RequestAuthorizationContext> {

    /** The scope the token lacked; absent when the request is not for tokens at all. */
    static final String MISSING_SCOPE = ScopeCheck.class.getName() + ".missing";
    /** Set when a token was refused because no scope covers the request. */
    static final String NOT_FOR_TOKENS = ScopeCheck.class.getName() + ".notForTokens";

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        Authentication who = authentication.get();
        if (who == null || !has(who, BearerTokenFilter.TENANT)) {
            return new AuthorizationDecision(false);
        }
        if (!has(who, BearerTokenFilter.ACCESS_TOKEN)) {
            return new AuthorizationDecision(true);
        }
        HttpServletRequest request = context.getRequest();
        String needed = ApiScopes.required(request);
        if (needed == null) {
            request.setAttribute(NOT_FOR_TOKENS, Boolean.TRUE);
            return new AuthorizationDecision(false);
        }
        if (needed.equals(ApiScopes.ANY) || has(who, BearerTokenFilter.SCOPE + needed)) {
            return new AuthorizationDecision(true);
        }
        request.setAttribute(MISSING_SCOPE, needed);
        return new AuthorizationDecision(false);
    }

    private static boolean has(Authentication who, String authority) {
        for (GrantedAuthority a : who.getAuthorities()) {
            if (authority.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
