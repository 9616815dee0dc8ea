package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** A real RFC 3464 report delivered into the bounce mailbox, read over IMAP by the bounce route. */
@PasserelleTest
class BounceTest {

    @Autowired
    Api api;

    @Test
    void aDeliveryStatusNotificationMarksTheEmailBouncedAndTellsTheTenant() throws Exception {
        MailFixtures f = new MailFixtures(api, "Bounce Bistro", "Hana", "en", "hana@bounce.example");
        String doc = f.invoice(false);
        String emailId = f.send(doc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        String messageId = f.email(emailId).get("messageId").asString();

        deliverToBounceMailbox(dsn(messageId, "hana@bounce.example"));

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("BOUNCED"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("bouncedAt").isNull()).isFalse();
        assertThat(email.get("smtpReply").asString()).contains("hana@bounce.example", "5.1.1", "User unknown");
        assertThat(email.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "SENT", "BOUNCED");
        assertThat(f.historyHas(doc, "email.bounced")).isTrue();
        JsonNode events = api.get("/api/v1/domain-events?type=email.bounced&subjectId=" + emailId, f.key()).body();
        assertThat(events.get("items")).hasSize(1);
        JsonNode payload = events.get("items").get(0).get("payload");
        assertThat(payload.get("documentId").asString()).isEqualTo(doc);
        assertThat(payload.get("recipients").get(0).get("address").asString()).isEqualTo("hana@bounce.example");
        assertThat(api.get("/api/v1/emails?status=BOUNCED", f.key()).body().get("items")).hasSize(1);

        // The same report again (a second copy in the mailbox) changes nothing.
        deliverToBounceMailbox(dsn(messageId, "hana@bounce.example"));
        GreenMail hub = MailTestServers.hub();
        await().atMost(Duration.ofSeconds(20)).until(() -> unseenInBounceMailbox(hub) == 0);
        assertThat(api.get("/api/v1/domain-events?type=email.bounced&subjectId=" + emailId, f.key()).body()
                .get("items")).hasSize(1);
    }

    private static long unseenInBounceMailbox(GreenMail hub) throws Exception {
        var folder = hub.getManagers().getImapHostManager().getInbox(
                hub.getManagers().getUserManager().getUser(MailTestServers.BOUNCES));
        return folder.getUnseenCount();
    }

    private static void deliverToBounceMailbox(String raw) throws Exception {
        GreenMail hub = MailTestServers.hub();
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(hub.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Transport.send(message);
    }

    /** What Postfix sends back when the recipient's server refuses the mailbox. */
    private static String dsn(String originalMessageId, String recipient) {
        return """
                From: MAILER-DAEMON@mx.passerelle.test (Mail Delivery System)
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Date: Thu, 26 Nov 2026 04:00:00 +0000
                Message-ID: <%s@mx.passerelle.test>
                Auto-Submitted: auto-replied
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                This is a MIME-encapsulated message.

                --BOUNDARY
                Content-Description: Notification
                Content-Type: text/plain; charset=us-ascii

                I'm sorry to have to inform you that your message could not
                be delivered to one or more recipients.

                <%s>: host mx.bounce.example[192.0.2.10] said: 550 5.1.1 User unknown

                --BOUNDARY
                Content-Description: Delivery report
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.passerelle.test
                X-Postfix-Queue-ID: 4F2A1C0042
                Arrival-Date: Thu, 26 Nov 2026 03:59:58 +0000

                Final-Recipient: rfc822; %s
                Original-Recipient: rfc822;%s
                Action: failed
                Status: 5.1.1
                Remote-MTA: dns; mx.bounce.example
                Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address
                    rejected: User unknown

                --BOUNDARY
                Content-Description: Undelivered Message Headers
                Content-Type: text/rfc822-headers

                From: Bounce Bistro via Passerelle <hub@passerelle.test>
                To: Hana <%s>
                Subject: Invoice
                Message-ID: %s

                --BOUNDARY--
                """.formatted(MailTestServers.BOUNCES, java.util.UUID.randomUUID(), recipient, recipient, recipient,
                recipient, recipient, originalMessageId).replace("\n", "\r\n");
    }
}
