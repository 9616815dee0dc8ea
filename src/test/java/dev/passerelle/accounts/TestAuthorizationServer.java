package dev.passerelle.accounts;

import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.filter.OncePerRequestFilter;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * A real OAuth2 / OpenID Connect authorization server (Spring Authorization Server) for the
 * connected-accounts tests: its own small application on a loopback port, one per test JVM, apart
 * from the shared Passerelle context. Users sign in with a form (ada, bob, cleo: password "pw"), consent
 * is not asked, PKCE is required, access tokens are opaque (so only introspection can tell whether
 * one is still good) and last 5 minutes.
 */
public final class TestAuthorizationServer {

    public static final String CLIENT_ID = "passerelle";
    public static final String CLIENT_SECRET = "passerelle-test-secret";
    public static final String REDIRECT_URI = "http://127.0.0.1/accounts/callback";
    public static final String PASSWORD = "pw";
    /** Requests to the token endpoint, for tests that show a provider was (not) called. */
    public static final AtomicInteger TOKEN_REQUESTS = new AtomicInteger();

    private static ConfigurableApplicationContext context;
    private static int port;

    private TestAuthorizationServer() {
    }

    public static synchronized String issuer() {
        if (context == null) {
            context = new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "server.address=127.0.0.1", "spring.config.name=test-authorization-server",
                            "spring.main.banner-mode=off", "spring.jmx.enabled=false")
                    .run();
            port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return "http://127.0.0.1:" + port;
    }

    /**
     * Revokes every grant {@code username} gave, as the user would in the provider's account settings:
     * its access and refresh tokens stop working (introspection says inactive, a refresh gets invalid_grant).
     */
    public static int revokeGrantsOf(String username) {
        issuer();
        return context.getBean(Authorizations.class).revokeAll(username);
    }

    /** The in-memory store, remembering whose each authorization is so a user's grants can be revoked. */
    static final class Authorizations implements OAuth2AuthorizationService {

        private final InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();
        private final java.util.Map<String, java.util.Set<String>> byUser = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void save(OAuth2Authorization authorization) {
            store.save(authorization);
            byUser.computeIfAbsent(authorization.getPrincipalName(), k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                    .add(authorization.getId());
        }

        @Override
        public void remove(OAuth2Authorization authorization) {
            store.remove(authorization);
        }

        @Override
        public OAuth2Authorization findById(String id) {
            return store.findById(id);
        }

        @Override
        public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
            return store.findByToken(token, tokenType);
        }

        int revokeAll(String username) {
            int removed = 0;
            for (String id : byUser.getOrDefault(username, java.util.Set.of())) {
                OAuth2Authorization a = store.findById(id);
                if (a != null) {
                    store.remove(a);
                    removed++;
                }
            }
            return removed;
        }
    }

    static String emailOf(String username) {
        return username + "@shop.test";
    }

    // @TestConfiguration: the shared context's component scan skips it, and @SpringBootTest does not take it
    // for the application (as it would a @SpringBootConfiguration in this package).
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class})
    static class App {

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(as -> as.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .csrf(c -> c.disable());
            return http.build();
        }

        @Bean
        UserDetailsService users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("ada").password("{noop}" + PASSWORD).roles("USER").build(),
                    User.withUsername("bob").password("{noop}" + PASSWORD).roles("USER").build(),
                    User.withUsername("cleo").password("{noop}" + PASSWORD).roles("USER").build());
        }

        @Bean
        RegisteredClientRepository clients() {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(CLIENT_ID).clientSecret("{noop}" + CLIENT_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUri(REDIRECT_URI)
                    .scope("openid").scope("email").scope("mail.send").scope("api.read")
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).requireProofKey(true).build())
                    .tokenSettings(TokenSettings.builder().accessTokenFormat(OAuth2TokenFormat.REFERENCE)
                            .accessTokenTimeToLive(Duration.ofMinutes(5)).refreshTokenTimeToLive(Duration.ofDays(1))
                            .reuseRefreshTokens(false).build())
                    .build());
        }

        @Bean
        Authorizations authorizationService() {
            return new Authorizations();
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailInIdToken() {
            return ctx -> {
                if (OidcParameterNames.ID_TOKEN.equals(ctx.getTokenType().getValue())) {
                    ctx.getClaims().claim("email", emailOf(ctx.getPrincipal().getName()));
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
        }

        @Bean
        OncePerRequestFilter tokenRequestCounter() {
            return new OncePerRequestFilter() {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                FilterChain chain) throws ServletException, IOException {
                    if (request.getRequestURI().equals("/oauth2/token")) {
                        TOKEN_REQUESTS.incrementAndGet();
                    }
                    chain.doFilter(request, response);
                }
            };
        }
    }
}
