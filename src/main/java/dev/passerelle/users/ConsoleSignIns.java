package dev.passerelle.users;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

import dev.passerelle.tenancy.SignedIn;

/**
 * Who is signed in to the console in the browser that sent a request, for the one filter chain
 * besides the console's that takes the console's sign-in: the OAuth2 authorization server's, where a
 * tenant user consents to an app. The API chain never uses it.
 */
@Component
public class ConsoleSignIns {

    private final Sessions sessions;

    ConsoleSignIns(Sessions sessions) {
        this.sessions = sessions;
    }

    public Optional<SignedIn> of(HttpServletRequest request) {
        return sessions.resolve(SessionCookie.read(request));
    }

    /** The sign-in page, coming back to {@code next} (a path on this server) once signed in. */
    public static String signInThenBackTo(String next) {
        return "/sign-in?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
    }
}
