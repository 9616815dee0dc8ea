package dev.passerelle.mail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.mail.util.StreamProvider;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.springframework.stereotype.Component;

/**
 * Builds the MIME message for an outbox row: multipart/alternative (plain text, then HTML),
 * inside multipart/mixed with the PDF when there is one. Display names and subjects are
 * UTF-8, encoded per RFC 2047; bodies are UTF-8 (quoted-printable or base64 as needed).
 */
@Component
class MessageBuilder {

    static final String EMAIL_ID_HEADER = "X-Passerelle-Email-Id";

    static {
        // Jakarta Mail 2.1 looks its StreamProvider up with a ServiceLoader scan of the class path
        // each time a message or multipart is written (jakartaee/mail-api#699, #861): 13 % of the
        // CPU of emailing PDFs in bench/orders. Named here, it is found without the scan.
        if (System.getProperty(StreamProvider.class.getName()) == null) {
            System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
        }
    }

    private static final Session SESSION = Session.getInstance(new Properties());

    private final List<DocumentAttachmentSource> attachments;
    private final Clock clock;

    MessageBuilder(List<DocumentAttachmentSource> attachments, Clock clock) {
        this.attachments = attachments;
        this.clock = clock;
    }

    record Built(MimeMessage message, String note) {
    }

    Built build(Email email, MailSenders.Route route) throws MessagingException {
        OutboxMessage m = new OutboxMessage(email.messageId());
        m.setFrom(route.from());
        if (route.replyTo() != null) {
            m.setReplyTo(new InternetAddress[] {route.replyTo()});
        }
        m.setRecipients(Message.RecipientType.TO, addresses(email.to()));
        if (!email.cc().isEmpty()) {
            m.setRecipients(Message.RecipientType.CC, addresses(email.cc()));
        }
        if (!email.bcc().isEmpty()) {
            m.setRecipients(Message.RecipientType.BCC, addresses(email.bcc()));
        }
        m.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(clock.instant()));
        m.setHeader(EMAIL_ID_HEADER, email.id().toString());
        m.setHeader("Content-Language", email.language());

        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.textBody(), StandardCharsets.UTF_8.name());
        alternative.addBodyPart(text);
        if (email.htmlBody() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setText(email.htmlBody(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(html);
        }
        String note = null;
        Optional<DocumentAttachmentSource.Attachment> attachment = Optional.empty();
        if (Email.DOCUMENT_PDF.equals(email.attachment()) && email.documentId() != null) {
            if (attachments.isEmpty()) {
                note = "PDF not attached: no PDF renderer in this build";
            }
            for (DocumentAttachmentSource source : attachments) {
                attachment = source.render(email.tenantId(), email.documentId());
                if (attachment.isPresent()) {
                    break;
                }
            }
        }
        if (attachment.isPresent()) {
            DocumentAttachmentSource.Attachment a = attachment.get();
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            body.setContent(alternative);
            mixed.addBodyPart(body);
            MimeBodyPart file = new MimeBodyPart();
            file.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
            file.setFileName(a.fileName()); // RFC 2231-encoded when not ASCII
            file.setDisposition(MimeBodyPart.ATTACHMENT);
            mixed.addBodyPart(file);
            m.setContent(mixed);
            note = "attached " + a.fileName() + " (" + a.content().length + " bytes)";
        } else {
            m.setContent(alternative);
        }
        m.saveChanges();
        return new Built(m, note);
    }

    static InternetAddress[] addresses(List<Recipient> recipients) {
        return recipients.stream().map(r -> MailSenders.address(r.address(), r.name())).toArray(InternetAddress[]::new);
    }

    /**
     * Keeps the Message-ID fixed when the email was queued, whatever saveChanges would generate.
     * An {@link SMTPMessage}, so a relay offering DSN can be asked for reports on it.
     */
    static final class OutboxMessage extends SMTPMessage {

        private final String messageId;

        OutboxMessage(String messageId) {
            super(SESSION);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
