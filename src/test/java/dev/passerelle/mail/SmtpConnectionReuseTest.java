package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;

/**
 * The outbox keeps its SMTP connections between messages, and an error on one closes it without
 * losing or doubling the others: counted at a real SMTP server (connections opened, Message-IDs
 * received).
 */
@PasserelleTest
class SmtpConnectionReuseTest {

    @Autowired
    Api api;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    Mailer mailer;
    @Autowired
    MailProperties settings;
    @Autowired
    MailStore store;
    @Autowired
    MailWorker worker;

    @Test
    void oneConnectionCarriesManyMessagesAndStaysOpenForTheNextBatch() throws Exception {
        try (RecordingSmtpServer server = new RecordingSmtpServer(false)) {
            UUID tenant = tenantSendingThrough(server, "Reuse Co");

            List<Email> first = queue(tenant, "first", 20, i -> "reader" + i + "@reuse.example");
            awaitSettled(first);

            assertThat(statuses(first)).containsOnly("SENT");
            assertThat(server.messageIds).hasSize(20)
                    .containsExactlyInAnyOrderElementsOf(first.stream().map(Email::messageId).toList());
            // One connection per worker at most, instead of one per message.
            int opened = server.connections.get();
            assertThat(opened).isBetween(1, settings.workers());

            List<Email> second = queue(tenant, "second", 10, i -> "reader" + i + "@reuse.example");
            awaitSettled(second);

            assertThat(statuses(second)).containsOnly("SENT");
            assertThat(server.messageIds).hasSize(30);
            assertThat(server.connections.get()).isBetween(opened, settings.workers());
            // A connection opened for the first batch carried messages of the second.
            List<String> firstIds = first.stream().map(Email::messageId).toList();
            List<String> secondIds = second.stream().map(Email::messageId).toList();
            assertThat(server.messagesByConnection.values()).as("kept connections carry the next batch")
                    .anyMatch(carried -> carried.stream().anyMatch(firstIds::contains)
                            && carried.stream().anyMatch(secondIds::contains));
        }
    }

    @Test
    void anErrorMidBatchClosesTheConnectionAndTheOthersGoOutOnceOverANewOne() throws Exception {
        try (RecordingSmtpServer server = new RecordingSmtpServer(false)) {
            UUID tenant = tenantSendingThrough(server, "Broken Line Co");

            List<Email> emails = queue(tenant, "broken", 12, i -> switch (i) {
                case 2 -> "hangup@broken.example";   // the server takes the data and hangs up without a reply
                case 5 -> "refuse@broken.example";   // the server refuses the recipient: 550
                default -> "reader" + i + "@broken.example";
            });
            awaitSettled(emails);

            List<String> statuses = statuses(emails);
            for (int i = 0; i < emails.size(); i++) {
                String expected = i == 2 ? "UNCONFIRMED" : i == 5 ? "FAILED" : "SENT";
                assertThat(statuses.get(i)).as("email %d", i).isEqualTo(expected);
            }
            // Every message that reached the server did so once; the refused one never did.
            for (int i = 0; i < emails.size(); i++) {
                assertThat(Collections.frequency(server.messageIds, emails.get(i).messageId())).as("email %d", i)
                        .isEqualTo(i == 5 ? 0 : 1);
            }
            assertThat(server.envelope).filteredOn(l -> l.contains("refuse@broken.example")).hasSize(1);
            assertThat(attempts(emails)).containsOnly(1);
            // The broken connection and the refusing one were not offered again.
            assertThat(server.connections.get()).isGreaterThanOrEqualTo(2);
            // Every email handed over carries its transfer mark.
            assertThat(jdbc.sql("SELECT COUNT(*) FROM email WHERE tenant_id = ? AND status = 'SENT' "
                    + "AND sending_started_at IS NULL").param(tenant).query(Integer.class).single()).isZero();
        }
    }

    @Test
    void aLargeBatchIsMarkedTransferStartedAFewMessagesAhead() throws Exception {
        // A worker that dies leaves its marked messages that never reached the server UNCONFIRMED
        // (never resent by themselves): a batch of 20 must not mark all 20 before the first goes.
        try (RecordingSmtpServer server = new RecordingSmtpServer(false)) {
            UUID tenant = tenantSendingThrough(server, "Ahead Co");
            UUID token = UUID.randomUUID();
            List<Email> claimed = tx.execute(s -> {
                List<Email> queued = queue(tenant, "ahead", 20, i -> "reader" + i + "@ahead.example");
                Instant now = Instant.now();
                List<UUID> ids = queued.stream().map(Email::id).toList();
                store.lease(ids, token, now, now.plus(Duration.ofMinutes(1)));
                return store.leased(ids, token);
            });
            assertThat(claimed).hasSize(20);
            List<Long> markedNotArrived = new CopyOnWriteArrayList<>();
            server.onData = () -> markedNotArrived.add(jdbc.sql(
                    "SELECT COUNT(*) FROM email WHERE tenant_id = ? AND sending_started_at IS NOT NULL")
                    .param(tenant).query(Long.class).single() - server.messageIds.size());

            worker.process(claimed, token);

            assertThat(statuses(claimed)).containsOnly("SENT");
            assertThat(markedNotArrived).hasSize(20);
            assertThat(markedNotArrived).allSatisfy(n -> assertThat(n).isBetween(0L, (long) MailWorker.MARK_AHEAD - 1));
        }
    }

    private UUID tenantSendingThrough(RecordingSmtpServer server, String company) {
        MailFixtures f = new MailFixtures(api, company, "Reader", "en", "reader@" + company.replace(' ', '-') + ".example");
        Api.Response settings = api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp",
                "fromAddress", "billing@reuse.example", "smtp", Map.of("host", "127.0.0.1", "port", server.port(),
                        "security", "none")));
        assertThat(settings.status()).as(settings.text()).isEqualTo(200);
        return f.tenant.tenantId();
    }

    /** Queued in one transaction, so that workers claim them in batches. */
    private List<Email> queue(UUID tenant, String prefix, int count, java.util.function.IntFunction<String> to) {
        return tx.execute(s -> {
            List<Email> queued = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                queued.add(mailer.queue(tenant, new Mailer.Outgoing("notification", null, null, prefix + "-" + i,
                        List.of(Recipient.of(to.apply(i))), List.of(), List.of(), "Stock " + i, "Only " + i + " left",
                        null, null, "en")).email());
            }
            return queued;
        });
    }

    private void awaitSettled(List<Email> emails) {
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(emails).stream()
                .noneMatch(s -> s.equals("QUEUED") || s.equals("SENDING") || s.equals("DEFERRED")));
    }

    private List<String> statuses(List<Email> emails) {
        return emails.stream().map(e -> jdbc.sql("SELECT status FROM email WHERE id = ?").param(e.id())
                .query(String.class).single()).toList();
    }

    private List<Integer> attempts(List<Email> emails) {
        return emails.stream().map(e -> jdbc.sql("SELECT attempts FROM email WHERE id = ?").param(e.id())
                .query(Integer.class).single()).toList();
    }
}
