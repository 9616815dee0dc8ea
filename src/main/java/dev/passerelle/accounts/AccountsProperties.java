package dev.passerelle.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code passerelle.accounts.*}: the OAuth2 providers tenants may connect accounts of, and how
 * tokens are kept fresh.
 *
 * @param redirectUri    where providers send the browser back; empty for {@code <public-url>/accounts/callback}.
 *                       Registered as is at each provider, so it must not change with the request
 * @param refreshBefore  an access token is refreshed when it expires within this
 * @param refreshCron    when the refresh job runs (Quartz cron, once per cluster)
 * @param authorizationTtl how long a begun connect may take to come back
 * @param providers      by name: {@code google} and {@code microsoft} are built in (their client id and
 *                       secret are enough), any other name is a generic OAuth2 / OpenID Connect provider
 */
@ConfigurationProperties("passerelle.accounts")
record AccountsProperties(String redirectUri, Duration refreshBefore, String refreshCron, Duration authorizationTtl,
                          Map<String, Provider> providers) {

    AccountsProperties {
        refreshBefore = refreshBefore == null ? Duration.ofMinutes(10) : refreshBefore;
        refreshCron = refreshCron == null || refreshCron.isBlank() ? "0 * * * * ?" : refreshCron;
        authorizationTtl = authorizationTtl == null ? Duration.ofMinutes(15) : authorizationTtl;
        providers = providers == null ? Map.of() : providers;
    }

    /**
     * One provider. For google and microsoft only the client id and secret are needed (microsoft also
     * takes its directory, {@code tenant}: {@code common} by default); a generic provider gives an
     * {@code issuerUri} (OpenID Connect discovery) or its endpoints.
     *
     * @param mailScopes scopes asked for an account that sends email (with SMTP XOAUTH2)
     * @param apiScopes  scopes asked for an account that calls APIs
     * @param smtpHost   its SMTP submission server, for accounts that send email
     */
    record Provider(String title, String clientId, String clientSecret, String tenant, String issuerUri,
                    String authorizationUri, String tokenUri, String revocationUri, String userInfoUri,
                    List<String> mailScopes, List<String> apiScopes, Map<String, String> authorizationParameters,
                    String smtpHost, Integer smtpPort, String smtpSecurity) {

        boolean configured() {
            return clientId != null && !clientId.isBlank();
        }
    }
}
