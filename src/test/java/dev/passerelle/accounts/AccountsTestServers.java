package dev.passerelle.accounts;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the test authorization server and the XOAUTH2-checking SMTP server before the shared
 * application context, and configures them as the generic provider {@code test}: the one context
 * stays one context.
 */
public class AccountsTestServers implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().contains(TestAuthorizationServer.App.class)) {
            return; // the authorization server's own application
        }
        String issuer = TestAuthorizationServer.issuer();
        String p = "passerelle.accounts.providers.test.";
        // Google and Microsoft as built in, their endpoints played by WireMock.
        String mock = ProviderMocks.baseUrl();
        environment.getPropertySources().addFirst(new MapPropertySource("test-builtin-providers", Map.of(
                "passerelle.accounts.providers.google.client-id", ProviderMocks.GOOGLE_CLIENT,
                "passerelle.accounts.providers.google.client-secret", "google-secret",
                "passerelle.accounts.providers.google.authorization-uri", mock + "/google/auth",
                "passerelle.accounts.providers.google.token-uri", mock + "/google/token",
                "passerelle.accounts.providers.google.revocation-uri", mock + "/google/revoke",
                "passerelle.accounts.providers.microsoft.client-id", ProviderMocks.MICROSOFT_CLIENT,
                "passerelle.accounts.providers.microsoft.client-secret", "microsoft-secret",
                "passerelle.accounts.providers.microsoft.authorization-uri", mock + "/microsoft/authorize",
                "passerelle.accounts.providers.microsoft.token-uri", mock + "/microsoft/token")));
        environment.getPropertySources().addFirst(new MapPropertySource("test-accounts", Map.of(
                "passerelle.accounts.redirect-uri", TestAuthorizationServer.REDIRECT_URI,
                p + "title", "Test provider",
                p + "client-id", TestAuthorizationServer.CLIENT_ID,
                p + "client-secret", TestAuthorizationServer.CLIENT_SECRET,
                p + "issuer-uri", issuer,
                p + "mail-scopes", "openid,email,mail.send",
                p + "api-scopes", "openid,email,api.read",
                p + "smtp-host", "127.0.0.1",
                p + "smtp-port", Integer.toString(XOAuth2SmtpServer.port()),
                p + "smtp-security", "none")));
    }
}
