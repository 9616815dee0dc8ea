package dev.passerelle.users;

import java.util.Map;
import java.util.UUID;

import dev.passerelle.Api;

/** Console accounts made the way an operator and an invited person make them: API invitation, then the link. */
public final class ConsoleAccounts {

    public static final String PASSWORD = "correct horse battery";

    public record Account(UUID id, String email, String password, Api.TenantKey tenant) {
    }

    private ConsoleAccounts() {
    }

    /** Invites {@code email} to the tenant with the operator token; returns the invitation link. */
    public static String invite(Api api, Api.TenantKey tenant, String email, String role) {
        Api.Response r = api.post("/api/v1/tenants/" + tenant.tenantId() + "/users", Api.OPERATOR,
                Map.of("email", email, "role", role));
        if (r.status() != 201) {
            throw new AssertionError("invitation failed: " + r.status() + " " + r.text());
        }
        return r.body().get("link").asString();
    }

    /** An active account: invited, password chosen through the invitation's page. */
    public static Account active(Api api, Api.TenantKey tenant, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        String link = invite(api, tenant, email, role);
        ConsoleClient.Page set = new ConsoleClient(api).submit(link, link,
                Map.of("password", PASSWORD, "confirmation", PASSWORD));
        if (set.status() != 302) {
            throw new AssertionError("setting the password failed: " + set.status() + " " + set.body());
        }
        UUID id = null;
        for (var u : api.get("/api/v1/tenants/" + tenant.tenantId() + "/users", Api.OPERATOR).body()) {
            if (u.get("email").asString().equals(email)) {
                id = UUID.fromString(u.get("id").asString());
            }
        }
        return new Account(id, email, PASSWORD, tenant);
    }

    /** An operator's account, its link handed back by the operator API. */
    public static Account operator(Api api) {
        String email = "ops-" + UUID.randomUUID() + "@example.com";
        Api.Response r = api.post("/api/v1/admin/operators", Api.OPERATOR, Map.of("email", email));
        if (r.status() != 201) {
            throw new AssertionError("operator creation failed: " + r.status() + " " + r.text());
        }
        String link = r.body().get("link").asString();
        ConsoleClient.Page set = new ConsoleClient(api).submit(link, link,
                Map.of("password", PASSWORD, "confirmation", PASSWORD));
        if (set.status() != 302) {
            throw new AssertionError("setting the password failed: " + set.status() + " " + set.body());
        }
        return new Account(UUID.fromString(r.body().get("id").asString()), email, PASSWORD, null);
    }

    /** A browser signed in as this account. */
    public static ConsoleClient signedIn(Api api, Account account) {
        ConsoleClient browser = new ConsoleClient(api);
        ConsoleClient.Page page = browser.signIn(account.email(), account.password());
        if (page.status() != 302) {
            throw new AssertionError("sign-in failed: " + page.status() + " " + page.body());
        }
        return browser;
    }
}
