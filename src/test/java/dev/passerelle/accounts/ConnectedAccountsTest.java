package dev.passerelle.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMailUtil;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.mail.MailTestServers;
import dev.passerelle.mail.Mailer;
import dev.passerelle.mail.Recipient;
import tools.jackson.databind.JsonNode;

/**
 * A tenant connects an account at a real authorization server, sends from its own address through an
 * SMTP server that checks the XOAUTH2 token, sees the account turn NEEDS_RECONNECT when the grant is
 * revoked (told once, by email), and reconnects it, after which what waited goes out.
 */
@PasserelleTest
class ConnectedAccountsTest {

    @Autowired
    Api api;
    @Autowired
    Accounts accounts;
    @Autowired
    Mailer mailer;

    static String callbackQuery(Map<String, String> redirect) {
        StringBuilder q = new StringBuilder();
        redirect.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return "/accounts/callback?" + q;
    }

    /** Connects {@code user}'s account for {@code purpose}; returns the callback's answer. */
    JsonNode connect(Api.TenantKey tenant, String user, String purpose) throws Exception {
        Api.Response begun = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "test", "purpose", purpose));
        assertThat(begun.status()).as(begun.text()).isEqualTo(201);
        Map<String, String> redirect = Browser.authorize(begun.body().get("authorizationUrl").asString(), user);
        Api.Response back = api.get(callbackQuery(redirect), null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        return back.body();
    }

    @Test
    void connectSendFromOwnAddressRefreshRevokeAndReconnect() throws Exception {
        Api.TenantKey tenant = api.createTenant("Atelier XOAUTH2");
        api.put("/api/v1/settings/company", tenant.apiKey(), Map.of("name", "Atelier XOAUTH2",
                "email", "owner@atelier.test"));
        assertThat(api.get("/api/v1/accounts/providers", tenant.apiKey()).body().get("test").asString())
                .isEqualTo("Test provider");

        // Connect: authorization code with PKCE, the state bound to this tenant.
        Api.Response begun = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "test", "purpose", "mail"));
        assertThat(begun.status()).isEqualTo(201);
        String url = begun.body().get("authorizationUrl").asString();
        Map<String, String> asked = Browser.query(URI.create(url).getRawQuery());
        assertThat(asked).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", TestAuthorizationServer.REDIRECT_URI).containsKey("code_challenge")
                .containsKey("state");
        assertThat(asked.get("scope")).contains("mail.send").contains("openid");
        Map<String, String> redirect = Browser.authorize(url, "ada");
        Api.Response back = api.get(callbackQuery(redirect), null);
        assertThat(back.status()).as(back.text()).isEqualTo(200);
        JsonNode account = back.body().get("account");
        UUID accountId = UUID.fromString(account.get("id").asString());
        assertThat(account.get("status").asString()).isEqualTo("CONNECTED");
        assertThat(account.get("email").asString()).isEqualTo("ada@shop.test");
        assertThat(account.get("subject").asString()).isEqualTo("ada");
        assertThat(account.get("tenantId").asString()).isEqualTo(tenant.tenantId().toString());
        assertThat(account.get("scopes").toString()).contains("mail.send");
        assertThat(back.body().get("created").asBoolean()).isTrue();

        // The state is used once.
        Api.Response again = api.get(callbackQuery(redirect), null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.contentType()).contains("application/problem+json");
        assertThat(again.body().get("detail").asString()).contains("state");

        // Send from the tenant's own address, through the XOAUTH2-checking server.
        Api.Response settings = api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "account",
                "accountId", accountId.toString()));
        assertThat(settings.status()).as(settings.text()).isEqualTo(200);
        assertThat(settings.body().get("fromAddress").asString()).isEqualTo("ada@shop.test");
        int received = XOAuth2SmtpServer.RECEIVED.size();
        JsonNode sent = api.post("/api/v1/settings/mail/test", tenant.apiKey(), Map.of("to", "client@example.com")).body();
        assertThat(sent.get("status").asString()).as(sent.toString()).isEqualTo("SENT");
        assertThat(XOAuth2SmtpServer.RECEIVED).hasSize(received + 1);
        XOAuth2SmtpServer.Received message = XOAuth2SmtpServer.RECEIVED.get(received);
        assertThat(message.user()).isEqualTo("ada@shop.test");
        assertThat(message.from()).isEqualTo("ada@shop.test");
        assertThat(message.to()).isEqualTo("client@example.com");
        assertThat(message.data()).contains("From: Atelier XOAUTH2 <ada@shop.test>");

        // Always fresh: the job refreshes a token about to expire (here: as of an hour from now).
        int before = TestAuthorizationServer.TOKEN_REQUESTS.get();
        assertThat(accounts.refreshDue(Instant.now().plus(Duration.ofHours(1)))).isGreaterThanOrEqualTo(1);
        assertThat(TestAuthorizationServer.TOKEN_REQUESTS.get()).isGreaterThan(before);
        assertThat(api.get("/api/v1/accounts/" + accountId, tenant.apiKey()).body().get("refreshedAt").isNull()).isFalse();
        assertThat(api.post("/api/v1/settings/mail/test", tenant.apiKey(), Map.of("to", "client@example.com")).body()
                .get("status").asString()).isEqualTo("SENT");

        // The user revokes the grant at the provider: the server refuses the token, the one refresh gets
        // invalid_grant, and the account needs reconnecting.
        assertThat(TestAuthorizationServer.revokeGrantsOf("ada")).isGreaterThanOrEqualTo(1);
        JsonNode failed = api.post("/api/v1/settings/mail/test", tenant.apiKey(), Map.of("to", "client@example.com")).body();
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.toString()).contains("needs reconnecting");
        JsonNode broken = api.get("/api/v1/accounts/" + accountId, tenant.apiKey()).body();
        assertThat(broken.get("status").asString()).isEqualTo("NEEDS_RECONNECT");
        assertThat(broken.get("lastError").asString()).contains("invalid_grant");
        JsonNode events = api.get("/api/v1/domain-events?type=account.needs_reconnect", tenant.apiKey()).body().get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("payload").get("accountId").asString()).isEqualTo(accountId.toString());

        // Fail at once, without calling the provider again; an email that needs the account waits.
        int tokenRequests = TestAuthorizationServer.TOKEN_REQUESTS.get();
        JsonNode atOnce = api.post("/api/v1/settings/mail/test", tenant.apiKey(), Map.of("to", "client@example.com")).body();
        assertThat(atOnce.get("status").asString()).isEqualTo("FAILED");
        assertThat(atOnce.toString()).contains("needs reconnecting");
        var waiting = mailer.queue(tenant.tenantId(), new Mailer.Outgoing("custom", null, null, "waits-" + UUID.randomUUID(),
                List.of(Recipient.of("client@example.com")), List.of(), List.of(), "Invoice 42", "Your invoice",
                null, null, "en")).email();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/emails/" + waiting.id(), tenant.apiKey())
                .body().get("status").asString().equals("DEFERRED"));
        assertThat(TestAuthorizationServer.TOKEN_REQUESTS.get()).isEqualTo(tokenRequests);

        // The tenant is told once, through the hub (its own account cannot send), with a reconnect link.
        MimeMessage notice = await().atMost(Duration.ofSeconds(15)).until(() -> noticeFor("owner@atelier.test"),
                m -> m != null);
        String body = GreenMailUtil.getBody(notice).replace("=\r\n", "").replace("=3D", "=");
        String link = body.replaceAll("(?s).*(http://[^\\s]*/accounts/reconnect/[A-Za-z0-9_-]+).*", "$1");
        assertThat(link).contains("/accounts/reconnect/");

        // Reconnecting as someone else is refused; as the same account, it resumes what waited.
        Api.Response toProvider = api.get(link.replaceFirst("http://[^/]+", ""), null);
        assertThat(toProvider.status()).isEqualTo(302);
        String reauthorize = toProvider.headers().get("location").get(0);
        Api.Response wrong = api.get(callbackQuery(Browser.authorize(reauthorize, "bob")), null);
        assertThat(wrong.status()).isEqualTo(409);
        assertThat(wrong.body().get("detail").asString()).contains("bob@shop.test").contains("ada@shop.test");
        Api.Response fixed = api.get(callbackQuery(Browser.authorize(api.get(link.replaceFirst("http://[^/]+", ""), null)
                .headers().get("location").get(0), "ada")), null);
        assertThat(fixed.status()).as(fixed.text()).isEqualTo(200);
        assertThat(fixed.body().get("reconnected").asBoolean()).isTrue();
        assertThat(fixed.body().get("account").get("id").asString()).isEqualTo(accountId.toString());
        assertThat(fixed.body().get("account").get("status").asString()).isEqualTo("CONNECTED");
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/api/v1/emails/" + waiting.id(), tenant.apiKey())
                .body().get("status").asString().equals("SENT"));
        assertThat(XOAuth2SmtpServer.RECEIVED).anySatisfy(m -> assertThat(m.data()).contains("Subject: Invoice 42"));
        // The link is spent.
        assertThat(api.get(link.replaceFirst("http://[^/]+", ""), null).status()).isEqualTo(404);
        assertThat(noticesFor("owner@atelier.test")).isEqualTo(1);

        // Disconnect: revoked at the provider, forgotten here.
        Api.Response gone = api.delete("/api/v1/accounts/" + accountId, tenant.apiKey());
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.body().get("revoked").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/accounts/" + accountId, tenant.apiKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/domain-events?type=account.disconnected", tenant.apiKey()).body().get("items"))
                .hasSize(1);
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        Api.TenantKey tenant = api.createTenant("Accounts validation");
        Api.Response unknown = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "nope", "purpose", "mail"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("detail").asString()).contains("provider").contains("test");
        Api.Response purpose = api.post("/api/v1/accounts", tenant.apiKey(), Map.of("provider", "test", "purpose", "x"));
        assertThat(purpose.status()).isEqualTo(400);
        assertThat(purpose.body().get("detail").asString()).contains("purpose");
        Api.Response forged = api.get("/accounts/callback?state=forged&code=abc", null);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.body().get("detail").asString()).contains("state");
        Api.Response noAccount = api.put("/api/v1/settings/mail", tenant.apiKey(), Map.of("sender", "account",
                "accountId", UUID.randomUUID().toString()));
        assertThat(noAccount.status()).isEqualTo(400);
        assertThat(noAccount.body().get("detail").asString()).contains("accountId");
        assertThat(api.get("/accounts/reconnect/not-a-link", null).status()).isEqualTo(404);
    }

    private static MimeMessage noticeFor(String to) throws Exception {
        for (MimeMessage m : MailTestServers.hub().getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().startsWith("Reconnect") && m.getAllRecipients()[0].toString().equals(to)) {
                return m;
            }
        }
        return null;
    }

    private static long noticesFor(String to) throws Exception {
        long n = 0;
        for (MimeMessage m : MailTestServers.hub().getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().startsWith("Reconnect") && m.getAllRecipients()[0].toString().equals(to)) {
                n++;
            }
        }
        return n;
    }
}
