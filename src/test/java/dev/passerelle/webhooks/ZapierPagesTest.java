package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;

/**
 * The connections page's Zapier tab over real HTTP: how to connect, the tenant's REST-hook
 * subscriptions with their event and target host (never the rest of the address), unsubscribing
 * as the API does; another tenant's subscription not found; CSRF; French.
 */
@PasserelleTest
class ZapierPagesTest {

    private static final String PAGE = "/console/connections/zapier";

    @Autowired
    Api api;

    @Test
    void theSubscriptionsAreListedByEventAndHostAndUnsubscribedAsTheApiDoes() {
        Api.TenantKey tenant = api.createTenant("Zaps Console");
        String target = Receiver.ok() + "/catch/123456/s3cr3tpath";
        Api.Response created = api.post("/api/v1/subscriptions", tenant.apiKey(),
                Map.of("targetUrl", target, "event", "document.paid"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.body().get("id").asString();
        ConsoleClient member = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));

        ConsoleClient.Page page = member.get(PAGE);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Connect Zapier", "id=\"zapier-address\"", "data-copy=\"zapier-address\"",
                "document.paid", "127.0.0.1", "Active").doesNotContain("s3cr3tpath", "/catch/");

        assertThat(member.post(PAGE + "/subscriptions/" + id + "/delete", Map.of()).status()).isEqualTo(403);
        ConsoleClient.Page gone = member.submit(page, PAGE + "/subscriptions/" + id + "/delete",
                java.util.List.of());
        assertThat(gone.status()).isEqualTo(302);
        assertThat(gone.location()).endsWith(PAGE + "?done=unsubscribed");
        assertThat(api.get("/api/v1/subscriptions/" + id, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(member.get(PAGE + "?done=unsubscribed").body()).contains("Unsubscribed", "No subscription");
    }

    @Test
    void zapierIsShownLinkedWithWhatItMadeAndUnlinkedAsTheApiDoes() {
        Api.TenantKey tenant = api.createTenant("Zaps Délier");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        assertThat(owner.get(PAGE).body()).contains("Zapier is not linked").doesNotContain("Unlink Zapier");
        String zapierKey = api.post("/api/v1/integrations/zapier", tenant.apiKey(), null).body().get("apiKey").asString();
        String byZapier = api.post("/api/v1/subscriptions", zapierKey, Map.of("targetUrl", Receiver.ok(),
                "event", "client.created")).body().get("id").asString();
        String byOther = api.post("/api/v1/subscriptions", tenant.apiKey(), Map.of("targetUrl", Receiver.ok(),
                "event", "document.paid")).body().get("id").asString();

        ConsoleClient.Page page = owner.get(PAGE);
        assertThat(page.body()).contains("Zapier is linked: 1 API key(s), 0 sign-in(s) allowing it, 1 subscription(s)",
                "Unlink Zapier");
        ConsoleClient.Page unlinked = owner.submit(page, PAGE + "/unlink", java.util.List.of());
        assertThat(unlinked.status()).isEqualTo(302);
        assertThat(unlinked.location()).endsWith(PAGE + "?done=unlinked");
        assertThat(api.get("/api/v1/integrations/zapier", tenant.apiKey()).body().get("linked").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/subscriptions/" + byZapier, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/subscriptions/" + byOther, tenant.apiKey()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/clients", zapierKey).status()).isEqualTo(401);
        assertThat(owner.get(PAGE + "?done=unlinked").body()).contains("Zapier is unlinked.", "Zapier is not linked");
        assertThat(owner.post(PAGE + "/unlink", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void anotherTenantsSubscriptionIsNotFoundThroughTheConsole() {
        Api.TenantKey a = api.createTenant("Zaps A");
        Api.TenantKey b = api.createTenant("Zaps B");
        String idOfA = api.post("/api/v1/subscriptions", a.apiKey(), Map.of("targetUrl", Receiver.ok(),
                "event", "client.created")).body().get("id").asString();
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));

        ConsoleClient.Page page = ownerB.get(PAGE);
        assertThat(page.body()).doesNotContain("client.created");
        ConsoleClient.Page refused = ownerB.submit(page, PAGE + "/subscriptions/" + idOfA + "/delete", java.util.List.of());
        assertThat(refused.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/subscriptions/" + idOfA, a.apiKey()).status()).isEqualTo(200);
    }

    @Test
    void theTabIsInFrench() {
        Api.TenantKey tenant = api.createTenant("Zaps Français");
        ConsoleAccounts.Account account = ConsoleAccounts.active(api, tenant, "OWNER");
        ConsoleClient french = new ConsoleClient(api, "fr");
        french.signIn(account.email(), account.password());
        api.post("/api/v1/subscriptions", tenant.apiKey(), Map.of("targetUrl", Receiver.ok(), "event", "client.created"));
        assertThat(french.get(PAGE).body()).contains("Connecter Zapier", "Abonnements REST hook", "Désabonner", "Actif");
    }
}
