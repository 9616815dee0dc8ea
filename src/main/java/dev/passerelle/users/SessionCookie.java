package dev.passerelle.users;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The console's session cookie: HttpOnly (scripts never read it), SameSite=Lax (other sites'
 * forms do not carry it), Secure whenever the request came over HTTPS. It lives as long as the
 * longest session; the row decides whether it still signs anyone in.
 */
final class SessionCookie {

    static final String NAME = "passerelle_session";
    /** The CSRF token's cookie (double-submit: each form also carries the token). */
    static final String CSRF = "passerelle_csrf";

    private SessionCookie() {
    }

    static String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (NAME.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }

    /** A new session, and no CSRF token from before it: the next page makes a new one. */
    static void write(HttpServletRequest request, HttpServletResponse response, String token, Duration maxAge) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, NAME, token, maxAge).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, CSRF, "", Duration.ZERO).toString());
    }

    /** Ends the session cookie and the CSRF token with it: a new sign-in gets a new token. */
    static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, NAME, "", Duration.ZERO).toString());
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, CSRF, "", Duration.ZERO).toString());
    }

    private static ResponseCookie cookie(HttpServletRequest request, String name, String value, Duration maxAge) {
        return ResponseCookie.from(name, value).httpOnly(true).secure(request.isSecure()).sameSite("Lax").path("/")
                .maxAge(maxAge).build();
    }
}
