package dev.passerelle.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.LoopbackOnlyConnections;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.HostileUrls;

/**
 * The hostile-URL corpus through the API, with the tests' lab setting on
 * ({@code allow-private-shop-urls}: loopback and private networks allowed, as for a shop on the
 * operator's own network): everything else is still refused when a connection is created or
 * updated with REST keys, with a problem naming shopUrl, and no connection is attempted.
 */
@PasserelleTest
class HostileShopUrlTest {

    static final String PATH = "/api/v1/connections/woocommerce";

    @Autowired
    Api api;

    @Test
    void aLabStillRefusesEveryOtherHostileShopUrlOnCreateAndUpdate() {
        Api.TenantKey tenant = api.createTenant("Hostile shops");
        String id = api.post(PATH, tenant.apiKey(), Map.of("name", "Real", "shopUrl", "https://shop.example"))
                .body().get("id").asString();
        int before = LoopbackOnlyConnections.TARGETS.size();
        List<HostileUrls.Hostile> corpus = HostileUrls.neverAllowed().toList();

        for (HostileUrls.Hostile hostile : corpus) {
            Map<String, Object> withKeys = Map.of("name", "Hostile", "shopUrl", hostile.url(), "consumerKey", "ck_1",
                    "consumerSecret", "cs_1", "connectWebhooks", true);
            Api.Response created = api.post(PATH, tenant.apiKey(), withKeys);
            Api.Response replaced = api.put(PATH + "/" + id, tenant.apiKey(), withKeys);
            Api.Response patched = api.patch(PATH + "/" + id, tenant.apiKey(), Map.of("shopUrl", hostile.url(),
                    "consumerKey", "ck_1", "consumerSecret", "cs_1"));

            for (Api.Response r : List.of(created, replaced, patched)) {
                assertThat(r.status()).as(hostile + ": " + r.text()).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.body().get("detail").asString()).as(hostile.toString()).startsWith("shopUrl: ")
                        .doesNotContain("does not resolve");
            }
        }

        assertThat(api.get(PATH, tenant.apiKey()).body()).hasSize(1);
        assertThat(api.get(PATH + "/" + id, tenant.apiKey()).body().get("shopUrl").asString())
                .isEqualTo("https://shop.example");
        // Nothing was attempted to any of them (the suite's other connections go to WireMock and GreenMail ports).
        assertThat(LoopbackOnlyConnections.TARGETS.subList(before, LoopbackOnlyConnections.TARGETS.size()))
                .noneMatch(target -> !target.getAddress().isLoopbackAddress() || target.getPort() == 80
                        || target.getPort() == 443);
        assertThat(corpus).hasSizeGreaterThan(40);
    }
}
