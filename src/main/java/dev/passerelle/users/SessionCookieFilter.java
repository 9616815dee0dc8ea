package dev.passerelle.users;

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

/**
 * Signs a console request in from its session cookie. Only the console's filter chain has this
 * filter: the API never looks at cookies, so a console session cannot call the API (and a page
 * cannot be made to call it for a signed-in user).
 */
class SessionCookieFilter extends OncePerRequestFilter {

    private final Sessions sessions;

    SessionCookieFilter(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = SessionCookie.read(request);
        if (token != null) {
            sessions.resolve(token).ifPresent(who -> SecurityContextHolder.getContext().setAuthentication(
                    new UsernamePasswordAuthenticationToken(who, null,
                            List.of(new SimpleGrantedAuthority(who.role().authority())))));
        }
        chain.doFilter(request, response);
    }
}
