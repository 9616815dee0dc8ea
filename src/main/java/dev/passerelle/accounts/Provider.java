package dev.passerelle.accounts;

import java.util.List;
import java.util.Map;

/**
 * A provider tenants connect accounts of, with its endpoints resolved (built-in, configured or
 * discovered from its issuer).
 *
 * @param issuer      the id token's expected {@code iss}, or null when it varies (Microsoft's common
 *                    endpoint answers for every directory)
 * @param revocationUri RFC 7009 revocation endpoint, or null when the provider offers none (Microsoft)
 */
record Provider(String name, String title, String clientId, String clientSecret, String authorizationUri,
                String tokenUri, String revocationUri, String userInfoUri, String issuer, List<String> mailScopes,
                List<String> apiScopes, Map<String, String> authorizationParameters, Smtp smtp) {

    /** Where an account of this provider sends email with XOAUTH2; null when it does not. */
    record Smtp(String host, int port, String security) {
    }

    List<String> scopes(String purpose) {
        return Purpose.MAIL.equals(purpose) ? mailScopes : apiScopes;
    }

    @Override
    public String toString() {
        return "Provider[" + name + "]";
    }
}
