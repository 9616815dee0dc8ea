package dev.passerelle.authserver;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.passerelle.users.ConsoleSignIns;

/**
 * Signs an authorization request in from the console's session: a tenant's user (owner or member)
 * only — operators have no tenant to grant. The principal is the user's id as a plain name: Spring
 * keeps it with the grant (as JSON, in the database) and the API later finds the tenant from it.
 */
final class ConsoleUserFilter extends OncePerRequestFilter {

    static final String AUTHORITY = "ROLE_TENANT_USER";

    private final ConsoleSignIns signIns;

    ConsoleUserFilter(ConsoleSignIns signIns) {
        this.signIns = signIns;
    }

    /** Only the authorization endpoint takes the console's session; the others authenticate the client. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().endsWith("/oauth2/authorize");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        signIns.of(request).filter(who -> who.tenantId() != null).ifPresent(who ->
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        who.userId().toString(), null, List.of(new SimpleGrantedAuthority(AUTHORITY)))));
        chain.doFilter(request, response);
    }
}
