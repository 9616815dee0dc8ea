package dev.passerelle.tenancy;

import java.util.Set;

/**
 * OAuth2 access tokens Passerelle's own authorization server issued: implemented by that feature
 * (authserver), which knows tenancy, and read by the API's bearer filter here. Without one, a bearer
 * that is neither an API key nor the operator token is simply not valid.
 */
public interface AccessTokens {

    /** What a presented token is worth: whom it acts for and its scopes, or why it is refused. */
    Check check(String token);

    /**
     * @param principal the tenant the token acts for (null when refused)
     * @param scopes    what it may do (see {@link ApiScopes})
     * @param refusal   why it is refused, for the 401's detail (null when valid)
     * @param suspended the tenant is suspended (403, as for API keys)
     */
    record Check(TenantPrincipal principal, Set<String> scopes, String refusal, boolean suspended) {

        public Check {
            scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        }

        public static Check valid(TenantPrincipal principal, Set<String> scopes) {
            return new Check(principal, scopes, null, false);
        }

        public static Check refused(String why) {
            return new Check(null, Set.of(), why, false);
        }

        public static Check suspendedTenant() {
            return new Check(null, Set.of(), null, true);
        }
    }
}
