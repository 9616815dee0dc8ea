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
}
