package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/** The console's connections page, driven over HTTP as a signed-in owner; checked against the API and a real delivery. */
@PasserelleTest
class ConnectionPagesTest {

    private static final Pattern SECRET = Pattern.compile("<code id=\"secret\">([A-Za-z0-9]{40})</code>");
    private static final Pattern LAST_DELIVERY = Pattern.compile("Last signed delivery</dt>\\s*<dd>([^<]*)</dd>");
    private static final Pattern URL = Pattern.compile("<code id=\"delivery-url\">(http[^<]+)</code>");

    @Autowired
    Api api;

    @Test
    void anOwnerConnectsAShopSeesItsSecretOnceAndTheShopDeliversWithIt() {
        Api.TenantKey tenant = api.createTenant("Boutique Console");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));
        assertThat(owner.get("/console/connections").body()).contains("No shop is connected yet.");

        ConsoleClient.Page shown = owner.submit("/console/connections/new", "/console/connections",
                Map.of("name", "Boutique Dupont", "shopUrl", "https://shop.example"));

        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.headers().get("cache-control").get(0)).contains("no-store");
        String secret = group(SECRET, shown.body());
        String deliveryUrl = group(URL, shown.body());
        assertThat(shown.body()).contains("data-copy=\"secret\"", "data-copy=\"delivery-url\"",
                "WooCommerce › Settings › Advanced › Webhooks", "Topic: Order updated");
        JsonNode listed = api.get("/api/v1/connections/woocommerce", tenant.apiKey()).body();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("deliveryUrl").asString()).isEqualTo(deliveryUrl);
        assertThat(owner.get("/console/connections").body()).contains("Boutique Dupont", deliveryUrl)
                .doesNotContain(secret);

        // The secret shown is the one the shop signs with: a signed delivery is taken and shows on the page.
        assertThat(Shop.deliver(api, deliveryUrl, secret, "order.created", Shop.order("order-727-processing.json"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                !group(LAST_DELIVERY, owner.get("/console/connections").body()).equals("never"));
        assertThat(api.get("/api/v1/connections/woocommerce", tenant.apiKey()).body().get(0).has("lastDeliveryAt"))
                .isTrue();
    }

    @Test
    void pauseResumeAndANewSecret() {
        Api.TenantKey tenant = api.createTenant("Boutique Pause");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "MEMBER"));
        ConsoleClient.Page shown = owner.submit("/console/connections/new", "/console/connections",
                Map.of("name", "Pausable", "shopUrl", "https://shop.example"));
        String first = group(SECRET, shown.body());
        String id = api.get("/api/v1/connections/woocommerce", tenant.apiKey()).body().get(0).get("id").asString();

        assertThat(owner.submit("/console/connections", "/console/connections/" + id + "/pause", Map.of()).status())
                .isEqualTo(302);
        assertThat(status(tenant)).isEqualTo("PAUSED");
        assertThat(owner.get("/console/connections").body()).contains("Paused", "Resume");
        owner.submit("/console/connections", "/console/connections/" + id + "/resume", Map.of());
        assertThat(status(tenant)).isEqualTo("ACTIVE");

        ConsoleClient.Page rotated = owner.submit("/console/connections", "/console/connections/" + id + "/rotate-secret",
                Map.of());
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(group(SECRET, rotated.body())).isNotEqualTo(first);
    }

    @Test
    void aShopUrlThatIsNotOneIsRefusedOnTheForm() {
        Api.TenantKey tenant = api.createTenant("Boutique Typo");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, tenant, "OWNER"));

        ConsoleClient.Page refused = owner.submit("/console/connections/new", "/console/connections",
                Map.of("name", "Typo", "shopUrl", "not a url"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\"", "shopUrl");
        assertThat(api.get("/api/v1/connections/woocommerce", tenant.apiKey()).body()).isEmpty();
    }

    @Test
    void anotherTenantsConnectionIsNotFoundThroughTheConsole() {
        Api.TenantKey a = api.createTenant("Boutique A");
        Api.TenantKey b = api.createTenant("Boutique B");
        ConsoleClient ownerA = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, a, "OWNER"));
        ConsoleClient ownerB = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, b, "OWNER"));
        ownerA.submit("/console/connections/new", "/console/connections",
                Map.of("name", "Secret shop of A", "shopUrl", "https://a.example"));
        String idOfA = api.get("/api/v1/connections/woocommerce", a.apiKey()).body().get(0).get("id").asString();

        assertThat(ownerB.get("/console/connections").body()).doesNotContain("Secret shop of A");
        for (String action : new String[] {"pause", "resume", "rotate-secret"}) {
            ConsoleClient.Page refused = ownerB.submit("/console/connections",
                    "/console/connections/" + idOfA + "/" + action, Map.of());
            assertThat(refused.status()).as(action).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("Secret shop of A");
        }
        assertThat(status(a)).isEqualTo("ACTIVE");

        ConsoleClient operator = ConsoleAccounts.signedIn(api, ConsoleAccounts.operator(api));
        assertThat(operator.get("/console/connections").status()).isEqualTo(403);
    }

    private String status(Api.TenantKey tenant) {
        return api.get("/api/v1/connections/woocommerce", tenant.apiKey()).body().get(0).get("status").asString();
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as("%s in %s", p, body).isTrue();
        return m.group(1);
    }
}
