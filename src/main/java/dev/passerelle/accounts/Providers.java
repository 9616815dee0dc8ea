package dev.passerelle.accounts;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.Reach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The providers ops configured: Google and Microsoft from their client id and secret alone, any
 * other from its endpoints or its issuer (OpenID Connect discovery, read once, through the same
 * checked outbound path as every other call).
 */
@Component
class Providers {

    static final String GOOGLE = "google";
    static final String MICROSOFT = "microsoft";

    private final AccountsProperties properties;
    private final OutboundHttp http;
    private final JsonMapper json;
    private final Map<String, Provider> resolved = new ConcurrentHashMap<>();

    Providers(AccountsProperties properties, OutboundHttp http, JsonMapper json) {
        this.properties = properties;
        this.http = http;
        this.json = json;
    }

    /** The configured providers' names and titles, for the API. */
    Map<String, String> available() {
        Map<String, String> out = new LinkedHashMap<>();
        properties.providers().forEach((name, p) -> {
            if (p.configured()) {
                out.put(name, p.title() != null ? p.title() : switch (name) {
                    case GOOGLE -> "Google";
                    case MICROSOFT -> "Microsoft";
                    default -> name;
                });
            }
        });
        return out;
    }

    Optional<Provider> find(String name) {
        AccountsProperties.Provider p = name == null ? null : properties.providers().get(name);
        if (p == null || !p.configured()) {
            return Optional.empty();
        }
        return Optional.of(resolved.computeIfAbsent(name, n -> build(n, p)));
    }

    private Provider build(String name, AccountsProperties.Provider p) {
        return switch (name) {
            case GOOGLE -> new Provider(name, or(p.title(), "Google"), p.clientId(), p.clientSecret(),
                    or(p.authorizationUri(), "https://accounts.google.com/o/oauth2/v2/auth"),
                    or(p.tokenUri(), "https://oauth2.googleapis.com/token"),
                    or(p.revocationUri(), "https://oauth2.googleapis.com/revoke"),
                    or(p.userInfoUri(), "https://openidconnect.googleapis.com/v1/userinfo"),
                    "https://accounts.google.com",
                    or(p.mailScopes(), List.of("openid", "email", "https://mail.google.com/")),
                    or(p.apiScopes(), List.of("openid", "email")),
                    // Without these Google gives no refresh token (offline) or only on the first consent.
                    or(p.authorizationParameters(), Map.of("access_type", "offline", "prompt", "consent")),
                    new Provider.Smtp(or(p.smtpHost(), "smtp.gmail.com"), or(p.smtpPort(), 587),
                            or(p.smtpSecurity(), "starttls")));
            case MICROSOFT -> {
                String base = "https://login.microsoftonline.com/" + or(p.tenant(), "common") + "/oauth2/v2.0/";
                yield new Provider(name, or(p.title(), "Microsoft"), p.clientId(), p.clientSecret(),
                        or(p.authorizationUri(), base + "authorize"), or(p.tokenUri(), base + "token"),
                        p.revocationUri(), p.userInfoUri(), null,
                        or(p.mailScopes(), List.of("openid", "email", "offline_access",
                                "https://outlook.office.com/SMTP.Send")),
                        or(p.apiScopes(), List.of("openid", "email", "offline_access")),
                        or(p.authorizationParameters(), Map.of("prompt", "select_account")),
                        new Provider.Smtp(or(p.smtpHost(), "smtp.office365.com"), or(p.smtpPort(), 587),
                                or(p.smtpSecurity(), "starttls")));
            }
            default -> generic(name, p);
        };
    }

    private Provider generic(String name, AccountsProperties.Provider p) {
        JsonNode discovered = p.issuerUri() == null || p.issuerUri().isBlank() ? json.createObjectNode()
                : discover(name, p.issuerUri());
        String authorization = or(p.authorizationUri(), text(discovered, "authorization_endpoint"));
        String token = or(p.tokenUri(), text(discovered, "token_endpoint"));
        if (authorization == null || token == null) {
            throw new IllegalStateException("passerelle.accounts.providers." + name
                    + ": give issuer-uri, or authorization-uri and token-uri");
        }
        return new Provider(name, or(p.title(), name), p.clientId(), p.clientSecret(), authorization, token,
                or(p.revocationUri(), text(discovered, "revocation_endpoint")),
                or(p.userInfoUri(), text(discovered, "userinfo_endpoint")),
                or(text(discovered, "issuer"), blankToNull(p.issuerUri())),
                or(p.mailScopes(), List.of("openid", "email")), or(p.apiScopes(), List.of("openid", "email")),
                or(p.authorizationParameters(), Map.of()),
                p.smtpHost() == null || p.smtpHost().isBlank() ? null
                        : new Provider.Smtp(p.smtpHost(), or(p.smtpPort(), 587), or(p.smtpSecurity(), "starttls")));
    }

    private JsonNode discover(String name, String issuer) {
        URI uri = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
        try {
            OutboundHttp.Response r = http.send("GET", uri, Map.of("Accept", "application/json"), null, null,
                    new OutboundHttp.Call(Reach.PUBLIC, Duration.ofSeconds(10), 256 * 1024));
            if (r.status() != 200) {
                throw new IllegalStateException("provider " + name + ": discovery at " + uri + " answered " + r.status());
            }
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("provider " + name + ": discovery at " + uri + " failed: " + e, e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isString() && !v.asString().isBlank() ? v.asString() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static <T> List<T> or(List<T> value, List<T> fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static <K, V> Map<K, V> or(Map<K, V> value, Map<K, V> fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static int or(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
