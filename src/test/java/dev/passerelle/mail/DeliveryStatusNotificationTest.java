package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** Reports as different MTAs write them. */
class DeliveryStatusNotificationTest {

    @Test
    void readsOriginalMessageIdFromThePerMessageFieldsAndSeveralRecipients() throws Exception {
        MimeMessage m = parse("""
                From: postmaster@mx.example
                To: bounces@passerelle.test
                Subject: Delivery Status Notification (Failure)
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type="delivery-status"; boundary="b1"

                --b1
                Content-Type: text/plain

                Delivery to the following recipients failed.
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns;mx.example
                Original-Message-ID: <0193-abc@passerelle.test>

                Final-Recipient: rfc822;a@shop.example
                Action: failed
                Status: 5.2.2
                Diagnostic-Code: smtp;552 5.2.2 Mailbox full

                Final-Recipient: rfc822;b@shop.example
                Action: delayed
                Status: 4.4.1
                --b1--
                """);

        DeliveryStatusNotification dsn = DeliveryStatusNotification.parse(m).orElseThrow();

        assertThat(dsn.originalMessageId()).isEqualTo("<0193-abc@passerelle.test>");
        assertThat(dsn.recipients()).hasSize(2);
        assertThat(dsn.recipients().get(0).failed()).isTrue();
        assertThat(dsn.recipients().get(0).finalRecipient()).isEqualTo("a@shop.example");
        assertThat(dsn.recipients().get(0).diagnosticCode()).isEqualTo("smtp;552 5.2.2 Mailbox full");
        assertThat(dsn.recipients().get(1).failed()).isFalse();
        assertThat(dsn.recipients().get(1).action()).isEqualTo("delayed");
    }

    @Test
    void findsOurEmailIdInAReturnedMessageAndIgnoresOrdinaryMail() throws Exception {
        MimeMessage report = parse("""
                From: MAILER-DAEMON@mx.example
                Subject: failure notice
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b2"

                --b2
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; c@shop.example
                Action: failed
                Status: 5.7.1
                --b2
                Content-Type: message/rfc822

                From: hub@passerelle.test
                X-Passerelle-Email-Id: 0193f5a2-0000-7000-8000-000000000001
                Subject: Invoice

                Hello
                --b2--
                """);
        DeliveryStatusNotification dsn = DeliveryStatusNotification.parse(report).orElseThrow();
        assertThat(dsn.originalMessageId()).isNull();
        assertThat(dsn.emailId()).isEqualTo("0193f5a2-0000-7000-8000-000000000001");
        assertThat(dsn.recipients().get(0).failed()).isTrue();

        MimeMessage ordinary = parse("""
                From: someone@example.com
                Subject: Re: Invoice
                Content-Type: text/plain

                Thanks!
                """);
        assertThat(DeliveryStatusNotification.parse(ordinary)).isEmpty();
    }

    private static MimeMessage parse(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }
}
