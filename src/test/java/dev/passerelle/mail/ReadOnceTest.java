package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.StatementLog;
import dev.passerelle.StatementLog.Statement;

/**
 * The email path reads each row once (issue 17, item 12), counted on the database's own statements:
 * the send request does not read back the email it queued, and the worker reads the email, the
 * document and its lines once each; listing documents is one query however many there are.
 */
@PasserelleTest
class ReadOnceTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void stopRecording() {
        StatementLog.stop();
    }

    @Test
    void sendingADocumentReadsTheEmailTheDocumentAndItsLinesOnceEach() {
        MailFixtures f = new MailFixtures(api, "Read Once", "Ruth Once", "en", "ruth@once.example");
        String doc = f.invoice(false);
        UUID document = UUID.fromString(doc);

        StatementLog.start();
        String emailId = f.send(doc, null);
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(jdbc.sql("SELECT status FROM email WHERE id = ?")
                .param(UUID.fromString(emailId)).query(String.class).single()));
        List<Statement> all = StatementLog.stop();
        UUID email = UUID.fromString(emailId);

        List<Statement> request = all.stream().filter(s -> s.thread().startsWith("http-")).toList();
        // The mail worker's threads: its Camel timer, its loops and its lease keeper (other subscribers of
        // document.sent, which other tests may have set up, read on threads of their own).
        List<Statement> worker = all.stream().filter(s -> s.thread().contains("mail")).toList();

        // The request: the document with its lines once (to address and render the email), the queued
        // email answered as inserted, not read back.
        assertThat(count(request, selects("document").and(s -> s.binds(document)).and(s -> s.sql().startsWith("SELECT *"))))
                .isEqualTo(1);
        assertThat(count(request, selects("document_line").and(s -> s.binds(document)))).isEqualTo(1);
        assertThat(count(request, selects("email").and(s -> s.binds(email)))).isZero();
        // The worker: the email once, with its claim (by its id and the claim's token), not again after; the document
        // and its lines once to render the PDF, and once locked when the server's acceptance makes it SENT
        // (its current state, which a payment may have changed meanwhile, goes into document.sent).
        Statement claim = worker.stream().filter(s -> s.sql().startsWith("UPDATE email SET status = 'SENDING'"))
                .filter(s -> s.binds(email)).findFirst().orElseThrow();
        assertThat(count(worker, selects("email").and(s -> s.sql().contains("claim_token = ?"))
                .and(s -> claim.binds(s.parameters().get(0))))).isEqualTo(1);
        assertThat(count(worker, selects("email").and(s -> s.binds(email)).and(s -> !s.sql().contains("claim_token = ?"))))
                .isZero();
        assertThat(count(worker, selects("document").and(s -> s.binds(document)).and(s -> !s.sql().contains("FOR UPDATE"))))
                .isEqualTo(1);
        assertThat(count(worker, selects("document").and(s -> s.binds(document)).and(s -> s.sql().contains("FOR UPDATE"))))
                .isEqualTo(1);
        assertThat(count(worker, selects("document_line").and(s -> s.binds(document)))).isEqualTo(2);
    }

    @Test
    void listingDocumentsIsOneQueryHoweverManyThereAre() {
        MailFixtures f = new MailFixtures(api, "List Once", "Lou Once", "en", "lou@once.example");
        for (int i = 0; i < 5; i++) {
            f.invoice(i % 2 == 0);
        }

        StatementLog.start();
        Api.Response listed = api.get("/api/v1/documents?limit=50", f.key());
        List<Statement> all = StatementLog.stop();

        assertThat(listed.body().get("items")).hasSize(5);
        List<Statement> request = all.stream().filter(s -> s.thread().startsWith("http-")).toList();
        assertThat(count(request, selects("document"))).isEqualTo(1);
        assertThat(count(request, selects("document_line"))).isZero();
    }

    private static Predicate<Statement> selects(String table) {
        return s -> {
            String sql = s.sql().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            return sql.startsWith("select") && sql.matches(".* from " + table + "( .*|$)");
        };
    }

    private static long count(List<Statement> statements, Predicate<Statement> which) {
        return statements.stream().filter(which).count();
    }
}
