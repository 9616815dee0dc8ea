package dev.passerelle.mail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import jakarta.mail.Message;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Batches;

/**
 * The mail feature's fixed routes: the outbox worker's poll and the bulk sends' (on every
 * instance; claims are shared through SKIP LOCKED), the retention purge (a Quartz job on the clustered store, so once
 * per cluster) and, when a bounce mailbox is configured, Camel's IMAP consumer
 * reading delivery status notifications. A message is marked seen only once its report is
 * recorded (Camel commits the IMAP flag after the route succeeds), so a crash re-reads it
 * and processing it twice changes nothing.
 */
@Component
class MailRoutes extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(MailRoutes.class);
    private static final int PURGE_BATCH = 1000;

    private final MailWorker worker;
    private final BulkSender bulk;
    private final BounceProcessor bounces;
    private final MailStore store;
    private final MailProperties settings;
    private final Clock clock;

    MailRoutes(MailWorker worker, BulkSender bulk, BounceProcessor bounces, MailStore store, MailProperties settings,
               Clock clock) {
        this.worker = worker;
        this.bulk = bulk;
        this.bounces = bounces;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("timer:mail-outbox?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("mail-outbox")
                .process(exchange -> exchange.getMessage().setBody(worker.drain()));

        from("timer:mail-bulk?delay=1000&period=" + settings.pollInterval().toMillis())
                .routeId("mail-bulk")
                .process(exchange -> exchange.getMessage().setBody(bulk.drain()));

        from("quartz://passerelle/mail-retention?cron=" + settings.retentionCron().replace(' ', '+'))
                .routeId("mail-retention")
                .process(exchange -> exchange.getMessage().setBody(purge()));

        MailProperties.Bounces b = settings.bounces();
        if (b != null && b.configured()) {
            from(imapUri(b))
                    .routeId("mail-bounces")
                    .process(exchange -> {
                        Message message = exchange.getIn(MailMessage.class).getOriginalMessage();
                        exchange.getMessage().setBody(bounces.process(message).name());
                    });
        }
    }

    /** Emails settled longer ago than the retention go, with their history; returns how many. */
    int purge() {
        Instant cutoff = clock.instant().minus(settings.retention());
        int total = Batches.untilDone(PURGE_BATCH, size -> store.purgeSettled(cutoff, size));
        store.purgeEmptyBulkJobs(cutoff);
        if (total > 0) {
            log.info("Purged {} emails settled more than {} ago", total, settings.retention());
        }
        return total;
    }

    static String imapUri(MailProperties.Bounces b) {
        String security = b.security() == null ? "imaps" : b.security().toLowerCase(Locale.ROOT);
        String scheme = security.equals("imaps") ? "imaps" : "imap";
        StringBuilder uri = new StringBuilder(scheme).append("://").append(b.host()).append(':').append(b.port())
                .append("?username=").append(enc(b.username()))
                .append("&password=RAW(").append(b.password() == null ? "" : b.password()).append(')')
                .append("&folderName=").append(enc(b.folder() == null ? "INBOX" : b.folder()))
                .append("&unseen=true&delete=false&mapMailMessage=false&peek=true&skipFailedMessage=false")
                .append("&fetchSize=50&delay=").append(b.pollInterval().toMillis())
                .append("&connectionTimeout=15000");
        return uri.toString();
    }

    private static String enc(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
