package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Delivery status notifications are asked for (RFC 3461) exactly when the relay offers DSN and
 * its reports are read: what the client put on MAIL FROM and RCPT TO, as a real server saw it.
 */
class DeliveryReportRequestTest {

    @Test
    void aRelayOfferingDsnIsAskedForSuccessFailureAndDelayReportsWithTheEmailsIdAsEnvelopeId() throws Exception {
        try (RecordingSmtpServer relay = new RecordingSmtpServer(true)) {
            Email email = SmtpTlsTest.email();
            String reply = send(relay, email, true);

            assertThat(reply).isEqualTo("250 2.0.0 Ok: queued as REC1");
            assertThat(relay.envelope).hasSize(2);
            assertThat(relay.envelope.get(0)).startsWith("MAIL FROM:<hub@passerelle.test>")
                    .contains(" RET=HDRS", " ENVID=" + email.id());
            assertThat(relay.envelope.get(1)).startsWith("RCPT TO:<a@tls.example>")
                    .contains(" NOTIFY=SUCCESS,FAILURE,DELAY");
        }
    }

    @Test
    void aRelayWithoutDsnIsNotAskedAndNeitherIsOneWhoseReportsNobodyReads() throws Exception {
        try (RecordingSmtpServer plain = new RecordingSmtpServer(false)) {
            send(plain, SmtpTlsTest.email(), true);
            assertThat(plain.envelope).hasSize(2).noneMatch(l -> l.contains("NOTIFY") || l.contains("ENVID")
                    || l.contains("RET="));
        }
        try (RecordingSmtpServer dsn = new RecordingSmtpServer(true)) {
            send(dsn, SmtpTlsTest.email(), false);
            assertThat(dsn.envelope).hasSize(2).noneMatch(l -> l.contains("NOTIFY") || l.contains("ENVID"));
        }
    }

    private static String send(RecordingSmtpServer server, Email email, boolean ask) throws Exception {
        SmtpMailSender sender = new SmtpMailSender(new SmtpMailSender.Server("127.0.0.1", server.port(), "none", null,
                null, "hub@passerelle.test", null, Duration.ofSeconds(5), Duration.ofSeconds(5), null))
                .askingForDeliveryReports(ask);
        MailSenders.Route route = SmtpTlsTest.route(sender);
        return sender.send(new MessageBuilder(List.of(), Clock.systemUTC()).build(email, route).message(), () -> { });
    }
}
