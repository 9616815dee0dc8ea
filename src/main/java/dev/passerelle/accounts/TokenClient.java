package dev.passerelle.accounts;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import dev.passerelle.support.OutboundHttp;
import dev.passerelle.support.Reach;

/**
 * The OAuth2 grants, with Spring Security's token clients (authorization code with PKCE, refresh
 * token), over {@link OutboundHttp}; and RFC 7009 revocation, which Spring Security's client has
 * no client for.
 */
@Component
class TokenClient {

    private static final OutboundHttp.Call CALL = new OutboundHttp.Call(Reach.PUBLIC, Duration.ofSeconds(15), 256 * 1024);

    private final OutboundHttp http;
    private final RestClientAuthorizationCodeTokenResponseClient codes = new RestClientAuthorizationCodeTokenResponseClient();
    private final RestClientRefreshTokenTokenResponseClient refreshes = new RestClientRefreshTokenTokenResponseClient();

    TokenClient(OutboundHttp http) {
        this.http = http;
        RestClient rest = RestClient.builder()
                .requestFactory(new OutboundRequestFactory(http, CALL))
                .messageConverters(List.of(new FormHttpMessageConverter(),
                        new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
        codes.setRestClient(rest);
        refreshes.setRestClient(rest);
    }

    static ClientRegistration registration(Provider p, String redirectUri, List<String> scopes) {
        return ClientRegistration.withRegistrationId(p.name())
                .clientId(p.clientId()).clientSecret(p.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(redirectUri).scope(scopes)
                .authorizationUri(p.authorizationUri()).tokenUri(p.tokenUri())
                .userInfoUri(p.userInfoUri()).userNameAttributeName("sub")
                .issuerUri(p.issuer())
                .clientName(p.title())
                .build();
    }

    /** Exchanges the code; throws {@code OAuth2AuthorizationException} with the provider's error. */
    OAuth2AccessTokenResponse exchange(ClientRegistration registration, OAuth2AuthorizationRequest request, String code) {
        OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
                .redirectUri(request.getRedirectUri()).state(request.getState()).build();
        return codes.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration,
                new OAuth2AuthorizationExchange(request, response)));
    }

    /** A refresh grant; throws {@code OAuth2AuthorizationException} ({@code invalid_grant} when revoked). */
    OAuth2AccessTokenResponse refresh(ClientRegistration registration, TokenPair tokens, Set<String> scopes) {
        OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokens.accessToken(),
                null, null, scopes);
        return refreshes.getTokenResponse(new OAuth2RefreshTokenGrantRequest(registration, access,
                new OAuth2RefreshToken(tokens.refreshToken(), null)));
    }

    /** RFC 7009: true when the provider confirmed (200). */
    boolean revoke(Provider p, String token, String hint) throws IOException {
        String form = "token=" + enc(token) + "&token_type_hint=" + enc(hint) + "&client_id=" + enc(p.clientId())
                + "&client_secret=" + enc(p.clientSecret());
        // The client authenticates in the body, as for the token endpoint (one method only, RFC 6749 2.3).
        OutboundHttp.Response r = http.send("POST", URI.create(p.revocationUri()), Map.of(),
                form.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded", CALL);
        return r.status() == 200;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
