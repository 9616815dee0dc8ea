package dev.passerelle.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * Delivery status notifications (RFC 3461) asked of a relay that offers them: {@code NOTIFY=
 * SUCCESS,FAILURE,DELAY} on each recipient, {@code RET=HDRS} (the report returns the headers,
 * with our Message-ID and email id, not the whole message and its PDF) and {@code ENVID} = the
 * email's id, which comes back as the report's {@code Original-Envelope-Id}.
 */
final class DeliveryReports {

    private DeliveryReports() {
    }

    static void request(MimeMessage message) throws MessagingException {
        if (!(message instanceof SMTPMessage m)) {
            return;
        }
        m.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE | SMTPMessage.NOTIFY_DELAY);
        m.setReturnOption(SMTPMessage.RETURN_HDRS);
        String id = m.getHeader(MessageBuilder.EMAIL_ID_HEADER, null);
        if (id != null && id.matches("[0-9A-Za-z-]{1,100}")) {
            // xtext (RFC 3461 §4): a UUID's letters, digits and hyphens need no encoding.
            m.setMailExtension("ENVID=" + id);
        }
    }
}
