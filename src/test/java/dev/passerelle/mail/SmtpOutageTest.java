package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's SMTP server is down for an hour while a batch waits in the outbox: the outbox's
 * clock ({@link MailTestConfiguration#TIME}) is walked through the hour in steps, every email is
 * retried at each (DEFERRED, never FAILED: a refused connection is transient and the policy
 * retries until {@code max-age}, 48 h), and once a real SMTP server listens on the port every
 * email is accepted exactly once, counted at the server by its {@code X-Passerelle-Email-Id}.
 */
@PasserelleTest
class SmtpOutageTest {

    private static final int NOTIFICATIONS = 50;
    private static final int DOCUMENTS = 3;
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final Duration OUTAGE = Duration.ofHours(1);

    @Autowired
    Api api;
    @Autowired
    MailProperties settings;

    @BeforeEach
    @AfterEach
    void realTime() {
        MailTestConfiguration.TIME.reset();
    }

    @Test
    void everyEmailQueuedDuringAnHourLongOutageIsSentExactlyOnceWhenTheServerIsBack() throws Exception {
        MailFixtures f = new MailFixtures(api, "Relay Down SA", "Hugo", "en", "hugo@relaydown.example");
        int port = freePort();
        ownServer(f, port);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NOTIFICATIONS; i++) {
            Api.Response r = api.post("/api/v1/emails", f.key(), Map.of("to", List.of("team+" + i + "@relaydown.example"),
                    "subject", "Stock alert " + i, "body", "Item " + i + " is low."));
            assertThat(r.status()).as(r.text()).isEqualTo(202);
            ids.add(r.body().get("id").asString());
        }
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            String doc = f.invoice(false);
            documents.add(doc);
            ids.add(f.send(doc, Map.of("attachPdf", true)));
        }

        // Nothing listens on the port: each email is tried, refused, deferred.
        Map<String, Integer> none = attempts(f);
        await().atMost(Duration.ofSeconds(120)).until(() -> triedAgain(f, none) == ids.size());
        JsonNode first = f.email(ids.get(0));
        assertThat(first.get("history").get(1).get("status").asString()).isEqualTo("DEFERRED");
        assertThat(first.get("history").get(1).get("detail").asString()).contains("connection refused");

        // An hour, in steps: at each, every email is tried again on the moved clock and deferred again.
        for (Duration elapsed = STEP; elapsed.compareTo(OUTAGE) <= 0; elapsed = elapsed.plus(STEP)) {
            MailTestConfiguration.TIME.advance(STEP);
            Instant jumped = Instant.now().plus(MailTestConfiguration.TIME.offset());
            Map<String, Integer> before = attempts(f);
            await().atMost(Duration.ofSeconds(120)).until(() -> triedAgain(f, before) == ids.size());
            for (JsonNode e : emails(f)) {
                assertThat(e.get("status").asString()).as("after %s", elapsed).isIn("DEFERRED", "SENDING", "QUEUED");
                if (e.get("status").asString().equals("DEFERRED")) {
                    // The next attempt is scheduled on the moved clock, at most max-backoff after this one.
                    Instant next = Instant.parse(e.get("nextAttemptAt").asString());
                    assertThat(next).isAfter(jumped)
                            .isBeforeOrEqualTo(Instant.parse(e.get("updatedAt").asString()).plus(settings.maxBackoff()));
                }
            }
        }
        int stepsTaken = (int) (OUTAGE.toMinutes() / STEP.toMinutes());
        for (String id : ids) {
            JsonNode e = f.email(id);
            // The first try and at least one per step; no attempt failed it for good or left it unsure.
            assertThat(e.get("attempts").asInt()).isGreaterThanOrEqualTo(1 + stepsTaken);
            assertThat(e.get("history")).extracting(h -> h.get("status").asString())
                    .doesNotContain("FAILED", "UNCONFIRMED", "SENT");
            JsonNode started = e.get("sendingStartedAt");
            assertThat(started == null || started.isNull()).as("no transfer ever began").isTrue();
        }
        for (String doc : documents) {
            assertThat(f.document(doc).get("status").asString()).isEqualTo("ISSUED");
            assertThat(f.historyHas(doc, "email.deferred")).isTrue();
            assertThat(f.historyHas(doc, "email.failed")).isFalse();
        }

        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> countByStatus(f).getOrDefault("SENT", 0) == ids.size());

            // A later email, queued and sent once the batch is done, shows the workers kept polling
            // after every email was sent: nothing of the batch went out a second time meanwhile.
            Api.Response later = api.post("/api/v1/emails", f.key(), Map.of("to", List.of("late@relaydown.example"),
                    "subject", "After the outage", "body", "Back."));
            String laterId = later.body().get("id").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> f.emailStatus(laterId).equals("SENT"));

            Map<String, Integer> received = perEmailId(server);
            for (String id : ids) {
                assertThat(received.get(id)).as("copies of email %s at the server", id).isEqualTo(1);
            }
            assertThat(received).hasSize(ids.size() + 1);
            assertThat(server.getReceivedMessages()).hasSize(ids.size() + 1);
            assertThat(countByStatus(f)).isEqualTo(Map.of("SENT", ids.size() + 1));
            for (String id : ids) {
                JsonNode e = f.email(id);
                assertThat(e.get("history")).extracting(h -> h.get("status").asString())
                        .filteredOn("SENT"::equals).hasSize(1);
                assertThat(e.get("smtpReply").asString()).startsWith("250");
            }
            for (String doc : documents) {
                assertThat(f.document(doc).get("status").asString()).isEqualTo("SENT");
            }
            // The document emails carried their PDF.
            long withPdf = Arrays.stream(server.getReceivedMessages()).filter(SmtpOutageTest::hasPdf).count();
            assertThat(withPdf).isEqualTo(DOCUMENTS);
        } finally {
            server.stop();
        }
    }

    @Test
    void anEmailTheServerNeverTakesFailsOnlyOnceItIsOlderThanMaxAge() throws Exception {
        MailFixtures f = new MailFixtures(api, "Relay Gone SARL", "Ida", "en", "ida@relaygone.example");
        ownServer(f, freePort());
        Api.Response r = api.post("/api/v1/emails", f.key(), Map.of("to", List.of("ops@relaygone.example"),
                "subject", "Nightly report", "body", "All good."));
        String id = r.body().get("id").asString();
        Map<String, Integer> none = attempts(f);
        await().atMost(Duration.ofSeconds(30)).until(() -> triedAgain(f, none) == 1);

        // A minute short of max-age: still deferred, tried again.
        MailTestConfiguration.TIME.advance(settings.maxAge().minusMinutes(1));
        Map<String, Integer> before = attempts(f);
        await().atMost(Duration.ofSeconds(30)).until(() -> triedAgain(f, before) == 1);
        assertThat(f.emailStatus(id)).isIn("DEFERRED", "SENDING");

        // Past max-age: the next refusal gives up.
        MailTestConfiguration.TIME.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.emailStatus(id).equals("FAILED"));
        JsonNode failed = f.email(id);
        List<JsonNode> history = StreamSupport.stream(failed.get("history").spliterator(), false).toList();
        assertThat(history.get(history.size() - 1).get("detail").asString())
                .startsWith("gave up after " + settings.maxAge()).contains("connection refused");
        assertThat(history).extracting(h -> h.get("status").asString()).filteredOn("FAILED"::equals).hasSize(1);
        JsonNode events = api.get("/api/v1/domain-events?type=email.failed&subjectId=" + id, f.key()).body();
        assertThat(events.get("items")).hasSize(1);
    }

    private void ownServer(MailFixtures f, int port) {
        Api.Response settings = api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp",
                "fromAddress", "billing@relaydown.example", "smtp", Map.of("host", "127.0.0.1", "port", port,
                        "security", "none")));
        assertThat(settings.status()).as(settings.text()).isEqualTo(200);
    }

    /** The tenant's emails (all of them: fewer than a page). */
    private List<JsonNode> emails(MailFixtures f) {
        Api.Response r = api.get("/api/v1/emails?limit=200", f.key());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return StreamSupport.stream(r.body().get("items").spliterator(), false).toList();
    }

    /** Each of the tenant's emails by id, with the attempts made so far (claims included). */
    private Map<String, Integer> attempts(MailFixtures f) {
        Map<String, Integer> attempts = new HashMap<>();
        for (JsonNode e : emails(f)) {
            attempts.put(e.get("id").asString(), e.get("attempts").asInt());
        }
        return attempts;
    }

    /**
     * How many of the tenant's emails were claimed for a new attempt since {@code before} was read
     * (deferred by it, or still being tried). Fails at once if any is FAILED, UNCONFIRMED or SENT
     * while the server is down.
     */
    private int triedAgain(MailFixtures f, Map<String, Integer> before) {
        int tried = 0;
        for (JsonNode e : emails(f)) {
            String id = e.get("id").asString();
            assertThat(e.get("status").asString()).as("email %s while the server is down", id)
                    .isIn("QUEUED", "SENDING", "DEFERRED");
            if (e.get("attempts").asInt() > before.getOrDefault(id, 0)) {
                tried++;
            }
        }
        return tried;
    }

    private Map<String, Integer> countByStatus(MailFixtures f) {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode e : emails(f)) {
            counts.merge(e.get("status").asString(), 1, Integer::sum);
        }
        return counts;
    }

    /** Messages the server received, counted by the email id each carries. */
    private static Map<String, Integer> perEmailId(GreenMail server) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            String[] header = m.getHeader(MessageBuilder.EMAIL_ID_HEADER);
            assertThat(header).as("every message carries its email id").hasSize(1);
            counts.merge(header[0], 1, Integer::sum);
        }
        return counts;
    }

    private static boolean hasPdf(Part part) {
        try {
            if (part.isMimeType("application/pdf")) {
                return true;
            }
            if (part.getContent() instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    if (hasPdf(mp.getBodyPart(i))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
