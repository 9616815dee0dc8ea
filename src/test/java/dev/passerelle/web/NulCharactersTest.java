package dev.passerelle.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/** A NUL character in any text of a JSON body is a 400 naming the field, on both databases (PostgreSQL gave 500). */
@PasserelleTest
class NulCharactersTest {

    @Autowired
    Api api;

    @Test
    void aNulInAnyTextIsRefusedWithItsFieldNamedAndNothingIsStored() {
        Api.TenantKey tenant = api.createTenant("NUL");

        Api.Response hook = api.post("/api/v1/hooks", tenant.apiKey(), Map.of("name", "leads\u0000"));
        assertThat(hook.status()).isEqualTo(400);
        assertThat(hook.contentType()).startsWith("application/problem+json");
        assertThat(hook.body().get("detail").asString()).isEqualTo("name: must not contain the NUL character (U+0000)");
        assertThat(api.get("/api/v1/hooks", tenant.apiKey()).body()).isEmpty();

        Api.Response client = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", "Zoë",
                "emails", List.of("zoe@example.com"), "billingAddress", Map.of("line1", "Rue\u0000 1", "country", "BE")));
        assertThat(client.status()).isEqualTo(400);
        assertThat(client.body().get("detail").asString())
                .isEqualTo("billingAddress.line1: must not contain the NUL character (U+0000)");

        Api.Response emails = api.post("/api/v1/clients", tenant.apiKey(), Map.of("name", "Zoë",
                "emails", List.of("zoe@example.com", "z\u0000@example.com")));
        assertThat(emails.status()).isEqualTo(400);
        assertThat(emails.body().get("detail").asString()).isEqualTo("emails[1]: must not contain the NUL character (U+0000)");
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).isEmpty();
    }

    @Test
    void aNulInAQueryParameterIsRefusedWithTheParameterNamed() {
        Api.TenantKey tenant = api.createTenant("NUL query");

        for (String[] call : new String[][] {{"/api/v1/clients?q=%00", "q"}, {"/api/v1/clients?limit=5&q=Zo%00e", "q"},
                {"/api/v1/documents?externalRef=%00", "externalRef"}, {"/api/v1/products?q=%00", "q"},
                {"/api/v1/events?source=%00", "source"}}) {
            Api.Response r = api.get(call[0], tenant.apiKey());

            assertThat(r.status()).as(call[0] + ": " + r.text()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).isEqualTo(call[1] + ": must not contain the NUL character (U+0000)");
        }
    }

    @Test
    void aNulInThePathIsRefusedBeforeRoutingAsProblemJson() {
        Api.TenantKey tenant = api.createTenant("NUL path");

        for (String path : new String[] {"/api/v1/documents/%00", "/api/v1/clients/%00/merge", "/hooks/%00"}) {
            Api.Response r = api.get(path, tenant.apiKey());

            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).isEqualTo("path: must not contain the NUL character (U+0000)");
        }
    }

    @Test
    void aNulInAFreeFormPartOfABodyIsRefusedWithItsPath() {
        Api.TenantKey tenant = api.createTenant("NUL trees");

        Api.Response install = api.post("/api/v1/route-installations", tenant.apiKey(), Map.of("route", "any",
                "parameters", Map.of("lines", List.of(Map.of("note", "ok"), Map.of("note", "b\u0000d")))));
        assertThat(install.status()).as(install.text()).isEqualTo(400);
        assertThat(install.body().get("detail").asString())
                .isEqualTo("parameters.lines[1].note: must not contain the NUL character (U+0000)");

        Api.Response shop = api.post("/api/v1/connections/woocommerce", tenant.apiKey(), Map.of("name", "Shop",
                "shopUrl", "https://shop.example", "settings", Map.of("language", "fr\u0000")));
        assertThat(shop.status()).isEqualTo(400);
        assertThat(shop.body().get("detail").asString())
                .isEqualTo("settings.language: must not contain the NUL character (U+0000)");

        // Action blocks check their own properties, as a wrong value: 422 naming the field (the actions' contract).
        Api.Response action = api.post("/api/v1/actions/upsert-client", tenant.apiKey(), Map.of("name", "Zo\u0000e",
                "email", "zoe@example.com"));
        assertThat(action.status()).isEqualTo(422);
        assertThat(action.contentType()).startsWith("application/problem+json");
        assertThat(action.body().get("detail").asString()).startsWith("name: contains a NUL character (U+0000)");
        assertThat(api.get("/api/v1/clients", tenant.apiKey()).body().get("items")).isEmpty();
    }
}
