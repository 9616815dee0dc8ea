package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** What happens to emails when servers are down, refuse, or the worker dies. */
@PasserelleTest
class DeliveryTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Mailer mailer;

    @Test
    void anEmailWaitsOutAnSmtpOutageAndGoesOutOnceTheServerIsBack() throws Exception {
        MailFixtures f = new MailFixtures(api, "Outage Co", "Dana", "en", "dana@outage.example");
        int port = freePort();
        Api.Response settings = api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp",
                "fromAddress", "billing@outage.example", "fromName", "Outage Co Billing",
                "smtp", Map.of("host", "127.0.0.1", "port", port, "security", "none")));
        assertThat(settings.status()).as(settings.text()).isEqualTo(200);
        String doc = f.invoice(false);

        String emailId = f.send(doc, null);

        // Nothing listens: connection refused, deferred with backoff, attempt after attempt.
        await().atMost(Duration.ofSeconds(20)).until(() -> f.email(emailId).get("attempts").asInt() >= 2
                && f.emailStatus(emailId).equals("DEFERRED"));
        JsonNode deferred = f.email(emailId);
        assertThat(deferred.get("history").get(1).get("status").asString()).isEqualTo("DEFERRED");
        assertThat(deferred.get("history").get(1).get("detail").asString()).contains("connection refused");
        assertThat(f.historyHas(doc, "email.deferred")).isTrue();
        assertThat(f.document(doc).get("status").asString()).isEqualTo("ISSUED");

        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
            assertThat(MailFixtures.received(server, f.email(emailId).get("messageId").asString())).hasSize(1);
            assertThat(server.getReceivedMessages()[0].getFrom()[0].toString())
                    .isEqualTo("Outage Co Billing <billing@outage.example>");
            assertThat(f.document(doc).get("status").asString()).isEqualTo("SENT");
        } finally {
            server.stop();
        }
    }

    @Test
    void aPermanentRefusalFailsAtOnceAndKeepsTheServersReply() throws Exception {
        MailFixtures f = new MailFixtures(api, "Refused Ltd", "Eve", "en", "nobody@refused.example");
        try (RefusingSmtpServer server = new RefusingSmtpServer(
                "550 5.1.1 <nobody@refused.example>: Recipient address rejected: User unknown")) {
            api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp", "fromAddress", "billing@refused.example",
                    "smtp", Map.of("host", "127.0.0.1", "port", server.port(), "security", "none")));
            String doc = f.invoice(false);

            String emailId = f.send(doc, null);

            await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("FAILED"));
            JsonNode email = f.email(emailId);
            assertThat(email.get("attempts").asInt()).isEqualTo(1);
            assertThat(email.get("smtpReply").asString()).startsWith("550").contains("User unknown");
            // Tried once. (The company's notice of the failure goes through the same server: another RCPT.)
            assertThat(server.rcpts).filteredOn(rcpt -> rcpt.contains("nobody@refused.example")).hasSize(1);
            assertThat(f.historyHas(doc, "email.failed")).isTrue();
            assertThat(f.document(doc).get("status").asString()).isEqualTo("ISSUED");
            JsonNode events = api.get("/api/v1/domain-events?type=email.failed&subjectId=" + emailId, f.key()).body();
            assertThat(events.get("items")).hasSize(1);
            assertThat(events.get("items").get(0).get("payload").get("reply").asString()).startsWith("550");
        }
    }

    @Test
    void aTemporaryRefusalIsDeferredWithTheServersReply() throws Exception {
        MailFixtures f = new MailFixtures(api, "Greylisted", "Ines", "en", "ines@grey.example");
        try (RefusingSmtpServer server = new RefusingSmtpServer("451 4.7.1 <ines@grey.example>: Greylisted, try again later")) {
            api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp", "fromAddress", "billing@grey.example",
                    "smtp", Map.of("host", "127.0.0.1", "port", server.port(), "security", "none")));
            String doc = f.invoice(false);

            String emailId = f.send(doc, null);

            await().atMost(Duration.ofSeconds(20)).until(() -> f.email(emailId).get("attempts").asInt() >= 2);
            JsonNode email = f.email(emailId);
            assertThat(email.get("status").asString()).isIn("DEFERRED", "SENDING");
            assertThat(email.get("smtpReply").asString()).startsWith("451").contains("Greylisted");
            assertThat(email.get("history").get(1).get("status").asString()).isEqualTo("DEFERRED");
            assertThat(f.historyHas(doc, "email.deferred")).isTrue();
        }
    }

    @Test
    void aCrashAfterTheServerAcceptedNeverSendsTheEmailAgain() {
        MailFixtures f = new MailFixtures(api, "Crashy", "Finn", "en", "finn@crashy.example");
        MailTestConfiguration.CRASH_AFTER_ACCEPTANCE.add(f.tenant.tenantId());
        GreenMail hub = MailTestServers.hub();
        String doc = f.invoice(false);

        String emailId = f.send(doc, null);
        String messageId = f.email(emailId).get("messageId").asString();

        // The server got it; the worker "died" before recording anything.
        await().atMost(Duration.ofSeconds(20)).until(() -> MailFixtures.received(hub, messageId).size() == 1);
        // Once the lease (3 s in tests) runs out, the row is settled as unconfirmed...
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("UNCONFIRMED"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("attempts").asInt()).isEqualTo(1);
        assertThat(email.get("sendingStartedAt").isNull()).isFalse();
        assertThat(email.get("history").get(1).get("detail").asString()).contains("not resent automatically");
        assertThat(f.historyHas(doc, "email.unconfirmed")).isTrue();
        // ...and workers keep polling without sending it again.
        long pollsLater = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.nanoTime() > pollsLater);
        assertThat(MailFixtures.received(hub, messageId)).hasSize(1);
        assertThat(f.emailStatus(emailId)).isEqualTo("UNCONFIRMED");

        // Sending again is an explicit decision, with the same Message-ID.
        MailTestConfiguration.CRASH_AFTER_ACCEPTANCE.remove(f.tenant.tenantId());
        assertThat(api.post("/api/v1/emails/" + emailId + "/resend", f.key(), null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        assertThat(MailFixtures.received(hub, messageId)).hasSize(2);
        assertThat(f.document(doc).get("status").asString()).isEqualTo("SENT");
    }

    @Test
    void aWorkerThatDiedBeforeTheTransferBeganLeavesAnEmailThatIsSentOnce() {
        MailFixtures f = new MailFixtures(api, "Early Crash", "Gus", "en", "gus@early.example");
        GreenMail hub = MailTestServers.hub();
        UUID tenantId = f.tenant.tenantId();
        // Queued and claimed by a worker that then died while connecting: SENDING, lease run out,
        // no transfer started — exactly the row such a worker leaves behind.
        Email email = tx.execute(s -> {
            Email queued = mailer.queue(tenantId, new Mailer.Outgoing("notification", null, null, "early-crash",
                    List.of(Recipient.of("gus@early.example")), List.of(), List.of(), "Hello", "Hello Gus", null, null,
                    "en")).email();
            jdbc.sql("""
                    UPDATE email SET status = 'SENDING', attempts = 1, claim_token = ?, locked_until = ?
                    WHERE id = ?""")
                    .params(UUID.randomUUID(), java.sql.Timestamp.from(Instant.now().minusSeconds(60)), queued.id())
                    .update();
            return queued;
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(email.id().toString()).equals("SENT"));
        JsonNode sent = f.email(email.id().toString());
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        assertThat(sent.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "DEFERRED", "SENT");
        assertThat(MailFixtures.received(hub, email.messageId())).hasSize(1);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
