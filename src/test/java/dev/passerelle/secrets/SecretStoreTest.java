package dev.passerelle.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class SecretStoreTest {

    @Autowired
    SecretStore secrets;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Api api;

    @Test
    void valuesAreEncryptedAtRestAndReadBackByTheirTenant() {
        UUID tenant = api.createTenant("encrypted").tenantId();

        UUID id = secrets.store(tenant, "smtp.password", "hunter2-très-secret");

        assertThat(secrets.reveal(tenant, id)).isEqualTo("hunter2-très-secret");
        byte[] stored = jdbc.sql("SELECT ciphertext FROM secret WHERE id = ?").param(id).query(byte[].class).single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        String keyId = jdbc.sql("SELECT key_id FROM secret WHERE id = ?").param(id).query(String.class).single();
        assertThat(keyId).hasSize(16);
    }

    @Test
    void anotherTenantCannotReadAValue() {
        UUID alice = api.createTenant("alice").tenantId();
        UUID bob = api.createTenant("bob").tenantId();
        UUID id = secrets.store(alice, "hook.signing", "alice-only");

        assertThatThrownBy(() -> secrets.reveal(bob, id)).isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void aCiphertextCopiedIntoAnotherTenantsRowFailsToDecrypt() {
        UUID alice = api.createTenant("alice").tenantId();
        UUID bob = api.createTenant("bob").tenantId();
        UUID aliceSecret = secrets.store(alice, "hook.signing", "alice-value");
        UUID bobSecret = secrets.store(bob, "hook.signing", "bob-value");

        // An attacker with database access swaps Alice's ciphertext into Bob's row.
        jdbc.sql("""
                UPDATE secret SET nonce = (SELECT nonce FROM secret WHERE id = :from),
                                  ciphertext = (SELECT ciphertext FROM secret WHERE id = :from)
                WHERE id = :to""").param("from", aliceSecret).param("to", bobSecret).update();

        assertThatThrownBy(() -> secrets.reveal(bob, bobSecret))
                .isInstanceOf(SecretUnavailableException.class)
                .hasMessageNotContaining("alice-value");
        assertThat(secrets.reveal(alice, aliceSecret)).isEqualTo("alice-value");
    }

    @Test
    void aTamperedValueFailsToDecrypt() {
        UUID tenant = api.createTenant("tamper").tenantId();
        UUID id = secrets.store(tenant, "x", "value");
        byte[] ciphertext = jdbc.sql("SELECT ciphertext FROM secret WHERE id = ?").param(id).query(byte[].class).single();
        ciphertext[0] ^= 1;
        jdbc.sql("UPDATE secret SET ciphertext = ? WHERE id = ?").params(ciphertext, id).update();

        assertThatThrownBy(() -> secrets.reveal(tenant, id)).isInstanceOf(SecretUnavailableException.class);
    }

    @Test
    void rotationMovesEveryValueToANewKeyWhileTheyStayReadable() {
        UUID tenant = api.createTenant("rotating").tenantId();
        UUID first = secrets.store(tenant, "a", "first value");
        UUID second = secrets.store(tenant, "b", "second value");
        String oldKey = api.get("/api/v1/admin/secrets", Api.OPERATOR).body().get("currentKeyId").asString();

        Api.Response rotated = api.post("/api/v1/admin/secrets/rotate", Api.OPERATOR, null);

        assertThat(rotated.status()).isEqualTo(202);
        String newKey = rotated.body().get("currentKeyId").asString();
        assertThat(newKey).isNotEqualTo(oldKey);
        // Readable during the rotation, whichever key a value is under right now.
        assertThat(secrets.reveal(tenant, first)).isEqualTo("first value");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode status = api.get("/api/v1/admin/secrets", Api.OPERATOR).body();
            return !status.get("running").asBoolean() && status.get("valuesByKeyId").has(newKey);
        });
        // Other tests deliberately corrupt values; those are reported, never silently dropped.
        JsonNode status = api.get("/api/v1/admin/secrets", Api.OPERATOR).body();
        long stillOld = status.get("valuesByKeyId").path(oldKey).asLong(0);
        assertThat(status.get("unreadable").asLong()).isEqualTo(stillOld);
        assertThat(secrets.reveal(tenant, first)).isEqualTo("first value");
        assertThat(secrets.reveal(tenant, second)).isEqualTo("second value");
        assertThat(jdbc.sql("SELECT key_id FROM secret WHERE id = ?").param(first).query(String.class).single())
                .isEqualTo(newKey);
    }
}
