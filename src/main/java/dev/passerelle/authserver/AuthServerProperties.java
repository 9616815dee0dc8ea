package dev.passerelle.authserver;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passerelle as an OAuth2 authorization server ({@code passerelle.oauth.*}): the one client it knows
 * (Zapier's app, whose id, secret and redirect URI come from Zapier's developer platform) and how
 * long what it issues lasts.
 *
 * @param zapier            Zapier's client; off while its id is empty
 * @param accessTokenTtl    an access token works this long; Zapier refreshes it when a call gets 401
 * @param refreshTokenTtl   a grant lasts this long from consent: the refresh token is kept (not rotated),
 *                          so two refreshes at once both succeed; after this the user connects again
 * @param authorizationCodeTtl the code Zapier exchanges right after consent works this long
 */
@ConfigurationProperties("passerelle.oauth")
record AuthServerProperties(@DefaultValue Client zapier, @DefaultValue("1h") Duration accessTokenTtl,
                            @DefaultValue("365d") Duration refreshTokenTtl,
                            @DefaultValue("5m") Duration authorizationCodeTtl) {

    /**
     * @param clientId     what Zapier sends as {@code client_id}; empty: no OAuth2 client
     * @param clientSecret what Zapier sends as {@code client_secret}
     * @param redirectUris where codes may be sent: Zapier's exact redirect URI for the app
     */
    record Client(@DefaultValue("") String clientId, @DefaultValue("") String clientSecret,
                  @DefaultValue List<String> redirectUris) {

        boolean configured() {
            return !clientId.isBlank();
        }
    }
}
