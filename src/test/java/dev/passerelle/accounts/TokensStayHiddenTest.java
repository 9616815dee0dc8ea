package dev.passerelle.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.secrets.SecretStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No access or refresh token appears in clear anywhere but the secret store's ciphertext: not in any
 * database row, not in any API answer, not in the log, through connecting, sending, refreshing and
 * disconnecting.
 */
@PasserelleTest
@ExtendWith(OutputCaptureExtension.class)
class TokensStayHiddenTest {

    @Autowired
    Api api;
    @Autowired
    Accounts accounts;
    @Autowired
    AccountStore store;
    @Autowired
    SecretStore secrets;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    @Test
    void noTokenInRowsAnswersOrLogs(CapturedOutput output) throws Exception {
        Api.TenantKey tenant = api.createTenant("Hidden tokens");
        List<String> answers = new ArrayList<>();
        Api.Response begun = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "test", "purpose", "mail"));
        answers.add(begun.text());
        Map<String, String> redirect = Browser.authorize(begun.body().get("authorizationUrl").asString(), "bob");
        Api.Response back = api.get(ConnectedAccountsTest.callbackQuery(redirect), null);
        answers.add(back.text());
        UUID id = UUID.fromString(back.body().get("account").get("id").asString());

        List<String> tokens = new ArrayList<>(tokensOf(tenant.tenantId(), id));
        answers.add(api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "account", "accountId",
                id.toString())).text());
        Api.Response sent = api.post("/api/v1/settings/mail/test", tenant.apiKey(), Map.of("to", "client@example.com"));
        assertThat(sent.body().get("status").asString()).isEqualTo("SENT");
        answers.add(sent.text());
        assertThat(accounts.refreshDue(Instant.now().plus(Duration.ofHours(1)))).isGreaterThanOrEqualTo(1);
        tokens.addAll(tokensOf(tenant.tenantId(), id));
        answers.add(api.get("/api/v1/accounts", tenant.apiKey()).text());
        answers.add(api.get("/api/v1/accounts/" + id, tenant.apiKey()).text());
        answers.add(api.get("/api/v1/settings/mail", tenant.apiKey()).text());
        answers.add(api.get("/api/v1/emails", tenant.apiKey()).text());
        answers.add(api.get("/api/v1/domain-events", tenant.apiKey()).text());
        assertThat(tokens).hasSize(4).doesNotContainNull().allSatisfy(t -> assertThat(t).hasSizeGreaterThan(20));
        assertThat(tokens.get(0)).isNotEqualTo(tokens.get(2)); // the refresh gave a new access token

        // The tokens' secret is bound to this tenant and this account.
        AccountStore.Row row = store.find(tenant.tenantId(), id).orElseThrow();
        assertThat(jdbc.sql("SELECT purpose FROM secret WHERE id = ?").param(row.tokenSecret()).query(String.class).single())
                .isEqualTo(Accounts.TOKENS_PURPOSE + id);

        String rows = everyRow();
        for (String token : tokens) {
            assertThat(rows).doesNotContain(token);
            assertThat(answers).noneSatisfy(a -> assertThat(a).contains(token));
            assertThat(output.getAll()).doesNotContain(token);
        }
        assertThat(rows).contains(id.toString()); // the scan did read the accounts' rows

        answers.add(api.delete("/api/v1/accounts/" + id, tenant.apiKey()).text());
        for (String token : tokens) {
            assertThat(answers).noneSatisfy(a -> assertThat(a).contains(token));
            assertThat(output.getAll()).doesNotContain(token);
        }
    }

    private List<String> tokensOf(UUID tenantId, UUID id) {
        JsonNode n = json.readTree(secrets.reveal(tenantId, store.find(tenantId, id).orElseThrow().tokenSecret()));
        return List.of(n.get("accessToken").asString(), n.get("refreshToken").asString());
    }

    /** Every value of every row of every table, as text (bytes read both as UTF-8 and byte for byte). */
    private String everyRow() {
        List<String> tables = jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE LOWER(table_schema) = 'public' AND table_type IN ('BASE TABLE', 'TABLE')""")
                .query(String.class).list();
        assertThat(tables.stream().map(String::toLowerCase)).contains("connected_account", "secret", "email",
                "domain_event", "account_authorization");
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            jdbc.sql("SELECT * FROM \"" + table + "\"").query(rs -> {
                int columns = rs.getMetaData().getColumnCount();
                for (int c = 1; c <= columns; c++) {
                    Object v = rs.getObject(c);
                    if (v instanceof byte[] bytes) {
                        all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n')
                                .append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
                    } else if (v != null) {
                        all.append(v).append('\n');
                    }
                }
            });
        }
        return all.toString();
    }
}
