package dev.passerelle.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;

/**
 * A delivery status notification (RFC 3464): {@code multipart/report;
 * report-type=delivery-status} with a human-readable part, a {@code message/delivery-status}
 * part (per-message fields, then one group of fields per recipient) and the original message
 * or its headers ({@code message/rfc822} or {@code text/rfc822-headers}).
 *
 * @param originalMessageId the Message-ID of the message the report is about
 * @param emailId           our {@code X-Passerelle-Email-Id} header, when the report returned it, else
 *                          the {@code Original-Envelope-Id} (we send the email's id as ENVID)
 * @param reportingMta      the server that wrote the report ({@code dns; mx.example.com})
 * @param recipients        one entry per recipient the report covers
 */
record DeliveryStatusNotification(String originalMessageId, String emailId, String reportingMta,
                                  List<RecipientStatus> recipients) {

    /**
     * @param action          failed, delayed, delivered, relayed or expanded
     * @param remoteMta       the server the reporting one talked to
     * @param lastAttemptDate when it was (last) tried, as the report says (RFC 5322 date), or null
     */
    record RecipientStatus(String finalRecipient, String action, String status, String diagnosticCode,
                           String remoteMta, String lastAttemptDate) {

        RecipientStatus(String finalRecipient, String action, String status, String diagnosticCode) {
            this(finalRecipient, action, status, diagnosticCode, null, null);
        }

        boolean failed() {
            return "failed".equalsIgnoreCase(action) || (action == null && status != null && status.startsWith("5"));
        }

        boolean delivered() {
            return "delivered".equalsIgnoreCase(action);
        }

        /** A hard bounce: the address itself is refused (5.x.x), not a mailbox full or a server down. */
        boolean permanent() {
            return failed() && status != null && status.startsWith("5");
        }

        String describe() {
            return (finalRecipient == null ? "recipient" : finalRecipient) + ": " + action
                    + (status == null ? "" : " " + status) + (diagnosticCode == null ? "" : " (" + diagnosticCode + ")");
        }
    }

    /** Empty when the message is not a delivery status report. */
    static Optional<DeliveryStatusNotification> parse(Part message) throws MessagingException, IOException {
        ContentType type = new ContentType(message.getContentType());
        if (!type.match("multipart/report")) {
            return Optional.empty();
        }
        String reportType = type.getParameter("report-type");
        if (reportType != null && !reportType.equalsIgnoreCase("delivery-status")) {
            return Optional.empty();
        }
        Multipart parts = (Multipart) message.getContent();
        String originalId = null;
        String emailId = null;
        String envelopeId = null;
        String reportingMta = null;
        List<RecipientStatus> recipients = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            ContentType partType = new ContentType(part.getContentType());
            if (partType.match("message/delivery-status") || partType.match("message/global-delivery-status")) {
                List<InternetHeaders> groups = fieldGroups(part.getInputStream());
                if (!groups.isEmpty()) {
                    String id = groups.get(0).getHeader("Original-Message-ID", null);
                    if (id != null) {
                        originalId = id.strip();
                    }
                    envelopeId = trim(groups.get(0).getHeader("Original-Envelope-Id", null));
                    reportingMta = trim(groups.get(0).getHeader("Reporting-MTA", null));
                }
                for (InternetHeaders g : groups.subList(Math.min(1, groups.size()), groups.size())) {
                    recipients.add(new RecipientStatus(address(g.getHeader("Final-Recipient", null)),
                            lower(g.getHeader("Action", null)), trim(g.getHeader("Status", null)),
                            trim(g.getHeader("Diagnostic-Code", null)), trim(g.getHeader("Remote-MTA", null)),
                            trim(g.getHeader("Last-Attempt-Date", null))));
                }
            } else if (partType.match("message/rfc822") || partType.match("text/rfc822-headers")
                    || partType.match("message/global") || partType.match("message/global-headers")) {
                InternetHeaders original = new InternetHeaders(part.getInputStream());
                if (originalId == null && original.getHeader("Message-ID", null) != null) {
                    originalId = original.getHeader("Message-ID", null).strip();
                }
                String ours = original.getHeader(MessageBuilder.EMAIL_ID_HEADER, null);
                if (ours != null) {
                    emailId = ours.strip();
                }
            }
        }
        if (emailId == null) {
            emailId = envelopeId;
        }
        if (originalId == null && emailId == null) {
            return Optional.empty();
        }
        return Optional.of(new DeliveryStatusNotification(originalId, emailId, reportingMta, recipients));
    }

    /** The delivery-status body: groups of header-style fields separated by blank lines. */
    private static List<InternetHeaders> fieldGroups(InputStream in) throws IOException, MessagingException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<InternetHeaders> groups = new ArrayList<>();
        for (String block : text.split("\n[ \t]*\n")) {
            if (!block.isBlank()) {
                String normalised = block.strip().replace("\n", "\r\n") + "\r\n\r\n";
                groups.add(new InternetHeaders(new ByteArrayInputStream(normalised.getBytes(StandardCharsets.UTF_8))));
            }
        }
        return groups;
    }

    /** "rfc822; someone@example.com" → someone@example.com */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        return (semicolon < 0 ? field : field.substring(semicolon + 1)).strip();
    }

    private static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String trim(String s) {
        return s == null ? null : s.replaceAll("\\s+", " ").strip();
    }
}
