package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.support.HostileUrls;

/**
 * The corpus's hosts as a tenant's SMTP server through the API, with the tests' lab setting on
 * ({@code allow-private-hosts}: loopback and private networks allowed): every other one is refused
 * with a problem naming smtp.host, and the settings stay as they were.
 */
@PasserelleTest
class HostileSmtpSettingsTest {

    @Autowired
    Api api;

    @Test
    void everyOtherHostileHostIsRefusedWithTheFieldNamed() {
        Api.TenantKey tenant = api.createTenant("Hostile SMTP");
        List<HostileUrls.Hostile> hosts = HostileUrls.neverAllowed().filter(h -> h.kind() != HostileUrls.Kind.NOT_HTTP)
                .toList();

        for (HostileUrls.Hostile hostile : hosts) {
            Api.Response r = api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "smtp",
                    "fromAddress", "billing@hostile.example", "smtp", Map.of("host", hostile.host(), "port", 587)));

            assertThat(r.status()).as(hostile + ": " + r.text()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.body().get("detail").asString()).as(hostile.toString()).startsWith("smtp.host: ");
        }
        assertThat(api.get("/api/v1/settings/mail", tenant.apiKey()).body().get("sender").asString()).isEqualTo("hub");
        assertThat(hosts).hasSizeGreaterThan(40);
    }
}
