package dev.passerelle.authserver;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import dev.passerelle.tenancy.ApiScopes;
import dev.passerelle.users.ConsoleSignIns;
import dev.passerelle.web.ProblemResponses;

/**
 * Passerelle as an OAuth2 authorization server (Spring Authorization Server): authorization code
 * with PKCE, refresh tokens, revocation, for the one client configured (Zapier's app).
 *
 * <p>Its own filter chain, first of all, matching only the server's endpoints ({@code /oauth2/authorize},
 * {@code /oauth2/token}, {@code /oauth2/revoke}, {@code /oauth2/introspect}, its metadata): the
 * console's chain and the stateless API chain are unchanged. Who authorizes is the console's
 * signed-in user (its session cookie, read on this chain only); someone not signed in is sent to
 * the console's sign-in page, which comes back here. Access tokens are opaque ("reference") so that
 * a revocation or an unlink stops them at once on every instance: the API looks each one up.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** Fixed id of Zapier's registration: grants in the database name it, whatever the client id. */
    static final String ZAPIER = "zapier";

    @Bean
    @Order(0)
    SecurityFilterChain authorizationServer(HttpSecurity http, RegisteredClientRepository clients,
                                            OAuth2AuthorizationService authorizations,
                                            OAuth2AuthorizationConsentService consents, ConsoleSignIns signIns,
                                            ProblemResponses problems,
                                            @Value("${passerelle.public-url:}") String publicUrl) throws Exception {
        // Spring makes a relative consent page absolute from the request, which behind a proxy is the
        // inside address: with a public URL configured, the page is named under it.
        String consentPage = publicUrl.isBlank() ? ConsentController.PATH
                : publicUrl.replaceFirst("/+$", "") + ConsentController.PATH;
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s.registeredClientRepository(clients)
                        .authorizationService(authorizations)
                        .authorizationConsentService(consents)
                        .authorizationEndpoint(a -> a.consentPage(consentPage)))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .requestCache(c -> c.disable())
                // Pending requests and grants are rows (JdbcOAuth2AuthorizationService); no HttpSession.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // First thing after the context is set up: the server's own filters read the principal.
                .addFilterAfter(new ConsoleUserFilter(signIns), SecurityContextHolderFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                    if ("GET".equals(request.getMethod()) && request.getRequestURI().endsWith("/oauth2/authorize")) {
                        // Sign in first, then this very request again (its query string is the whole request).
                        String self = request.getRequestURI() + (request.getQueryString() == null ? ""
                                : "?" + request.getQueryString());
                        response.sendRedirect(request.getContextPath() + ConsoleSignIns.signInThenBackTo(self));
                    } else {
                        problems.write(request, response, HttpStatus.UNAUTHORIZED,
                                "sign in to Passerelle's console first, as a user of the organisation to connect");
                    }
                }))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    /** The issuer in the server's metadata: the public URL when configured, else each request's address. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${passerelle.public-url:}") String publicUrl) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (!publicUrl.isBlank()) {
            settings.issuer(publicUrl.replaceFirst("/+$", ""));
        }
        return settings.build();
    }

    /** Zapier's registration from configuration: the same on every instance, so not stored. */
    @Bean
    RegisteredClientRepository registeredClients(AuthServerProperties settings) {
        AuthServerProperties.Client zapier = settings.zapier();
        if (!zapier.configured()) {
            return new ConfiguredClients(Map.of());
        }
        if (zapier.clientSecret().isBlank() || zapier.redirectUris().isEmpty()) {
            throw new IllegalStateException("passerelle.oauth.zapier: a client id needs a client secret "
                    + "(PASSERELLE_ZAPIER_CLIENT_SECRET) and a redirect URI (PASSERELLE_ZAPIER_REDIRECT_URI)");
        }
        RegisteredClient client = RegisteredClient.withId(ZAPIER)
                .clientId(zapier.clientId())
                // Hashed once here; each token request is checked against the hash, in constant time.
                .clientSecret(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(zapier.clientSecret()))
                .clientName("Zapier")
                .clientAuthenticationMethods(m -> {
                    m.add(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                    m.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                })
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(u -> u.addAll(zapier.redirectUris()))
                .scopes(s -> s.addAll(ApiScopes.ALL))
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                        .accessTokenTimeToLive(settings.accessTokenTtl())
                        .refreshTokenTimeToLive(settings.refreshTokenTtl())
                        .authorizationCodeTimeToLive(settings.authorizationCodeTtl())
                        // Kept, not rotated: Zapier marks a connection stale on any 4xx from a refresh, and
                        // two refreshes at once (or an answer lost on the way) would otherwise do just that.
                        .reuseRefreshTokens(true)
                        .build())
                .build();
        return new ConfiguredClients(Map.of(client.getId(), client));
    }

    @Bean
    OAuth2AuthorizationService authorizations(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new HashedAuthorizations(new JdbcOAuth2AuthorizationService(jdbc, clients));
    }

    @Bean
    OAuth2AuthorizationConsentService consents(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }
}
