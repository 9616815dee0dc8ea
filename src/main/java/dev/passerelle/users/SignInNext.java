package dev.passerelle.users;

/**
 * Where a sign-in may go on to: only back to an authorization request of Passerelle's own OAuth2
 * server (an app such as Zapier asking for access), given as a path on this server. Anything else
 * is ignored, so the sign-in page cannot be used to send people to another site.
 */
final class SignInNext {

    static final String AUTHORIZE = "/oauth2/authorize?";

    private SignInNext() {
    }

    static boolean safe(String next) {
        return next != null && next.length() <= 4000 && next.startsWith(AUTHORIZE)
                // Printable ASCII as a browser sends a query (no spaces, breaks or backslashes), and no
                // braces, which a redirect would read as template variables.
                && next.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '{' && c != '}');
    }
}
