package dev.passerelle.accounts;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a tenant's browser does at the provider: signs in (a form, a session cookie) and follows the
 * authorization URL, which answers with a redirect to Passerelle's redirect URI carrying the code
 * and the state. The redirect itself is not followed: the test hands it to Passerelle.
 */
final class Browser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** Signs in as {@code user} and authorizes: the query of the redirect to Passerelle. */
    static Map<String, String> authorize(String authorizationUrl, String user) throws Exception {
        Browser b = new Browser();
        // The sign-in form, with its CSRF token, as a browser gets it.
        String form = b.http.send(HttpRequest.newBuilder(URI.create(TestAuthorizationServer.issuer() + "/login")).GET()
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(form);
        String token = csrf.find() ? "&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8) : "";
        HttpResponse<String> login = b.http.send(HttpRequest.newBuilder(URI.create(TestAuthorizationServer.issuer()
                        + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password="
                        + TestAuthorizationServer.PASSWORD + token)).build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
            throw new AssertionError("sign-in failed: " + login.statusCode() + " " + login.headers().map());
        }
        HttpResponse<String> r = b.http.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "no redirect from the authorization endpoint: " + r.statusCode() + " " + r.body()));
        if (!location.startsWith(TestAuthorizationServer.REDIRECT_URI)) {
            throw new AssertionError("redirected elsewhere: " + location);
        }
        return query(URI.create(location).getRawQuery());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
