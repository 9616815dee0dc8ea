package dev.passerelle.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

/** The test suite's bounce mailbox: real RFC 3464 reports delivered into it, read by the bounce route. */
public final class BounceMailbox {

    private BounceMailbox() {
    }

    /** Reports in the bounce mailbox the bounce route has not read yet. */
    public static long unseen() throws Exception {
        GreenMail hub = MailTestServers.hub();
        return hub.getManagers().getImapHostManager()
                .getInbox(hub.getManagers().getUserManager().getUser(MailTestServers.BOUNCES)).getUnseenCount();
    }

    /** Puts a raw message into the bounce mailbox, through the hub's SMTP side. */
    public static void deliver(String raw) throws Exception {
        GreenMail hub = MailTestServers.hub();
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(hub.getSmtp().getPort()));
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        Transport.send(message);
    }

    /**
     * What Postfix sends back when the message was delivered and the sender asked for it (NOTIFY=
     * SUCCESS): matched by the envelope id only, as a report that returns no headers would be.
     */
    public static String delivered(String envelopeId, String recipient, String remoteMta) {
        return """
                From: MAILER-DAEMON@mx.passerelle.test (Mail Delivery System)
                To: %s
                Subject: Successful Mail Delivery Report
                Date: Tue, 01 Dec 2026 05:00:00 +0000
                Message-ID: <%s@mx.passerelle.test>
                Auto-Submitted: auto-replied
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                This is a MIME-encapsulated message.

                --BOUNDARY
                Content-Description: Notification
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host mx.passerelle.test.

                Your message was successfully delivered to the destination(s)
                listed below.

                <%s>: delivery via %s: 250 2.0.0 Ok: queued as 9A1B2C

                --BOUNDARY
                Content-Description: Delivery report
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.passerelle.test
                Original-Envelope-Id: %s
                X-Postfix-Queue-ID: 5B3A1C0042
                Arrival-Date: Tue,  1 Dec 2026 04:59:58 +0000

                Final-Recipient: rfc822; %s
                Original-Recipient: rfc822;%s
                Action: delivered
                Status: 2.0.0
                Remote-MTA: dns; %s
                Diagnostic-Code: smtp; 250 2.0.0 Ok: queued as 9A1B2C

                --BOUNDARY--
                """.formatted(MailTestServers.BOUNCES, java.util.UUID.randomUUID(), recipient, remoteMta, envelopeId,
                recipient, recipient, remoteMta).replace("\n", "\r\n");
    }

    /** What Postfix sends back when the recipient's server refuses the mailbox. */
    public static String dsn(String originalMessageId, String recipient) {
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
