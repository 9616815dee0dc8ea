package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.events.DomainEvent;
import dev.passerelle.events.DomainEvents;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class MailApiTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    DomainEvents events;
    @Autowired
    SendRequestedSubscriber subscriber;
    @Autowired
    MailRoutes routes;
    @Autowired
    DocumentMails mails;

    @Test
    void ownSmtpSettingsKeepThePasswordSecretAndTheTestEmailReportsTheServersAnswer() throws Exception {
        MailFixtures f = new MailFixtures(api, "Own Server", "Ivy", "nl", "ivy@own.example");
        GreenMail hub = MailTestServers.hub();
        // The tenant's "own server" is GreenMail with a mailbox account: sending only works if the
        // stored password is revealed and used.
        hub.setUser("factuur@own.example", "factuur@own.example", "s3cret-Pa55");
        Api.Response saved = api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp",
                "fromAddress", "factuur@own.example", "replyTo", "boekhouding@own.example",
                "smtp", Map.of("host", "127.0.0.1", "port", hub.getSmtp().getPort(), "security", "none",
                        "username", "factuur@own.example", "password", "s3cret-Pa55")));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.text()).doesNotContain("s3cret-Pa55");
        assertThat(saved.body().get("smtp").get("passwordSet").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/settings/mail", f.key()).text()).doesNotContain("s3cret-Pa55");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM secret WHERE tenant_id = ? AND purpose = ?")
                .params(f.tenant.tenantId(), MailSettingsStore.SECRET_PURPOSE).query(Long.class).single()).isEqualTo(1);

        Api.Response test = api.post("/api/v1/settings/mail/test", f.key(), Map.of("to", "ivy@own.example"));

        assertThat(test.status()).as(test.text()).isEqualTo(200);
        assertThat(test.body().get("status").asString()).isEqualTo("SENT");
        assertThat(test.body().get("smtpReply").asString()).startsWith("250");
        assertThat(test.body().get("subject").asString()).isEqualTo("Testmail van Own Server");
        MimeMessage m = MailFixtures.received(hub, test.body().get("messageId").asString()).get(0);
        assertThat(m.getFrom()[0].toString()).isEqualTo("Own Server <factuur@own.example>");
        assertThat(m.getReplyTo()[0].toString()).isEqualTo("boekhouding@own.example");

        // A test against a server that is not there fails at once, with the reason.
        api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp", "fromAddress", "factuur@own.example",
                "smtp", Map.of("host", "127.0.0.1", "port", 1, "security", "none")));
        JsonNode failed = api.post("/api/v1/settings/mail/test", f.key(), Map.of("to", "ivy@own.example")).body();
        assertThat(failed.get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("history").get(1).get("detail").asString()).contains("connection refused");

        Api.Response bad = api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).contains("problem+json");
    }

    @Test
    void aSendRequestedEventQueuesTheDocumentEmailExactlyOnce() {
        MailFixtures f = new MailFixtures(api, "Woo Shop", "Jules", "es", "jules@woo.example");
        String doc = f.invoice(true);
        api.post("/api/v1/documents/" + doc + "/payments", f.key(), null);
        UUID documentId = UUID.fromString(doc);
        f.invoice(false);
        DomainEvent event = tx.execute(s -> events.publish(f.tenant.tenantId(), documentId,
                new SendRequested(documentId, "paid", "Pedido {order.number}: factura {document.number}", null,
                        "woocommerce", UUID.randomUUID())));
        // A draft cannot be paid: issue first, as a shop would have.
        assertThat(event).isNotNull();

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items").size() == 1);
        String emailId = api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items").get(0).get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("kind").asString()).isEqualTo("document.paid");
        assertThat(email.get("subject").asString()).startsWith("Pedido : factura INV-");
        assertThat(email.get("text").asString()).contains("Gracias por su pago");

        // Redelivered (at-least-once): the event id is the idempotency key.
        tx.executeWithoutResult(s -> subscriber.on(event));
        assertThat(api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items")).hasSize(1);
    }

    @Test
    void aBulkSendReportsProgressPerStatusAndRejectsWhatCannotBeSent() {
        MailFixtures f = new MailFixtures(api, "Bulk Bakery", "Kim", "en", "kim@bulk.example");
        String a = f.invoice(false);
        String b = f.invoice(false);
        String draft = f.invoice(true);

        Api.Response started = api.post("/api/v1/documents/send", f.key(), Map.of("documentIds", List.of(a, b, draft)));

        // Stored and answered at once; the emails are queued in the background.
        assertThat(started.status()).as(started.text()).isEqualTo(202);
        String jobId = started.body().get("jobId").asString();
        assertThat(started.body().get("requested").asInt()).isEqualTo(3);
        assertThat(started.headers().get("location")).containsExactly("/api/v1/documents/send/" + jobId);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/documents/send/" + jobId, f.key()).body().get("done").asBoolean());
        JsonNode progress = api.get("/api/v1/documents/send/" + jobId, f.key()).body();
        assertThat(progress.get("queuing").asBoolean()).isFalse();
        assertThat(progress.get("queued").asInt()).isEqualTo(2);
        assertThat(progress.get("rejected")).hasSize(1);
        assertThat(progress.get("rejected").get(0).get("documentId").asString()).isEqualTo(draft);
        assertThat(progress.get("rejected").get(0).get("reason").asString()).contains("draft");
        assertThat(progress.get("counts").get("SENT").asInt()).isEqualTo(2);
        assertThat(f.document(a).get("status").asString()).isEqualTo("SENT");
        assertThat(f.document(draft).get("status").asString()).isEqualTo("DRAFT");
        Api.Response again = api.post("/api/v1/documents/send", f.key(), Map.of("documentIds", List.of(a)));
        assertThat(again.status()).isEqualTo(202);
        assertThat(api.get("/api/v1/documents/send/" + UUID.randomUUID(), f.key()).status()).isEqualTo(404);
    }

    @Test
    void aBulkSendWhoseWorkerDiedIsResumedWithoutQueuingAnyEmailTwice() {
        MailFixtures f = new MailFixtures(api, "Resumed Bakery", "Noa", "en", "noa@resumed.example");
        UUID tenantId = f.tenant.tenantId();
        UUID a = UUID.fromString(f.invoice(false));
        UUID b = UUID.fromString(f.invoice(false));
        UUID jobId = UUID.randomUUID();
        DocumentMails.Request request = new DocumentMails.Request(null, null, null, null, null, false);

        // A worker took the job, queued the first document's email and died; its lease ran out a minute ago.
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    INSERT INTO mail_bulk_job (id, tenant_id, requested, rejected, document_ids, options, created_at,
                                               claim_token, locked_until)
                    VALUES (?, ?, 2, '[]', ?, ?, ?, ?, ?)""")
                    .params(jobId, tenantId, "[\"" + a + "\",\"" + b + "\"]",
                            "{\"attachPdf\":null,\"issue\":false}", Timestamp.from(Instant.now()), UUID.randomUUID(),
                            Timestamp.from(Instant.now().minusSeconds(60)))
                    .update();
            mails.send(tenantId, a, request, BulkSender.emailKey(jobId, a), jobId);
        });

        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/documents/send/" + jobId, f.key()).body().get("done").asBoolean());
        assertThat(jdbc.sql("SELECT document_id FROM email WHERE bulk_job_id = ? ORDER BY document_id").param(jobId)
                .query(UUID.class).list()).containsExactlyInAnyOrder(a, b);
        assertThat(api.get("/api/v1/documents/send/" + jobId, f.key()).body().get("counts").get("SENT").asInt())
                .isEqualTo(2);
    }

    @Test
    void settledEmailsOlderThanTheRetentionArePurgedWithTheirHistoryButUnconfirmedOnesWaitForAPerson() {
        MailFixtures f = new MailFixtures(api, "Archive", "Mia", "en", "mia@archive.example");
        List<String> ids = new java.util.ArrayList<>();
        for (String subject : List.of("old", "old but unconfirmed", "recent")) {
            Api.Response queued = api.post("/api/v1/emails", f.key(), Map.of("to", List.of("ops@archive.example"),
                    "subject", subject, "body", "Hello"));
            assertThat(queued.status()).as(queued.text()).isEqualTo(202);
            ids.add(queued.body().get("id").asString());
        }
        ids.forEach(id -> await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(id).equals("SENT")));
        java.sql.Timestamp longAgo = java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(400)));
        jdbc.sql("UPDATE email SET updated_at = ? WHERE id IN (?, ?)")
                .params(longAgo, UUID.fromString(ids.get(0)), UUID.fromString(ids.get(1))).update();
        jdbc.sql("UPDATE email SET status = 'UNCONFIRMED' WHERE id = ?").param(UUID.fromString(ids.get(1))).update();

        assertThat(routes.purge()).isEqualTo(1);

        assertThat(api.get("/api/v1/emails/" + ids.get(0), f.key()).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM email_history WHERE email_id = ?").param(UUID.fromString(ids.get(0)))
                .query(Long.class).single()).isZero();
        assertThat(f.emailStatus(ids.get(1))).isEqualTo("UNCONFIRMED");
        assertThat(f.emailStatus(ids.get(2))).isEqualTo("SENT");
        assertThat(routes.purge()).isZero();
    }

    @Test
    void aNotificationIsQueuedOncePerIdempotencyKey() {
        MailFixtures f = new MailFixtures(api, "Team", "Leo", "en", "leo@team.example");
        Map<String, Object> body = Map.of("to", List.of("ops@team.example"), "subject", "Stock low: Größe M",
                "body", "Only 2 left.\nReorder soon.");
        Api.Response first = api.postRaw("/api/v1/emails", f.key(), api.json("{}").toString().getBytes(), null, Map.of());
        assertThat(first.status()).isIn(400, 415);
        Api.Response one = api.post("/api/v1/emails", f.key(), body);
        assertThat(one.status()).as(one.text()).isEqualTo(202);
        String id = one.body().get("id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(id).equals("SENT"));
        assertThat(f.email(id).get("text").asString()).contains("Only 2 left.\nReorder soon.", "Team · Passerelle");
    }

    @Test
    void withoutAnSmtpHostEmailsAreWrittenAsEmlFiles(@TempDir Path dir) throws Exception {
        FileMailSender sender = new FileMailSender(dir.resolve("outbox"));
        Email email = new Email(UUID.randomUUID(), UUID.randomUUID(), "notification", null, null, "k",
                List.of(new Recipient("Zoë", "zoe@example.com")), List.of(), List.of(), "Größe – ça marche",
                "Bonjour", "<p>Bonjour</p>", null, "fr", "<file-test@passerelle.local>", EmailStatus.SENDING, 1,
                null, null, null, null, null, null, null, null);
        MessageBuilder builder = new MessageBuilder(List.of(), Clock.systemUTC());
        MailSenders.Route route = new MailSenders.Route(sender, MailSenders.address("hub@passerelle.local",
                "Atelier via Passerelle"), null, true);
        boolean[] started = {false};

        String reply = sender.send(builder.build(email, route).message(), () -> started[0] = true);

        assertThat(started[0]).isTrue();
        Path file = dir.resolve("outbox").resolve("file-test@passerelle.local.eml");
        assertThat(reply).isEqualTo("written to the outbox as file-test@passerelle.local.eml (no SMTP server configured)")
                .doesNotContain(dir.toString());
        MimeMessage read = new MimeMessage(Session.getInstance(new java.util.Properties()), Files.newInputStream(file));
        assertThat(read.getSubject()).isEqualTo("Größe – ça marche");
        assertThat(read.getMessageID()).isEqualTo("<file-test@passerelle.local>");
        // Writing it again (a retried attempt) leaves one file.
        sender.send(builder.build(email, route).message(), () -> { });
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertThat(files.count()).isEqualTo(1);
        }
    }
}
