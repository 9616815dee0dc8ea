package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.icegreen.greenmail.util.GreenMail;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

@PasserelleTest
class DocumentMailTest {

    @Autowired
    Api api;

    GreenMail hub = MailTestServers.hub();

    @Test
    void anIssuedInvoiceGoesOutThroughTheHubInTheClientsLanguageAndTheDocumentBecomesSent() throws Exception {
        MailFixtures f = new MailFixtures(api, "Atelier Lumière", "Zoë Ångström", "de", "zoe@lumiere.example",
                "zoe.billing@lumiere.example");
        String doc = f.invoice(false);
        String number = f.document(doc).get("number").asString();

        String emailId = f.send(doc, null);

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("smtpReply").asString()).startsWith("250");
        assertThat(email.get("acceptedAt").isNull()).isFalse();
        List<MimeMessage> received = MailFixtures.received(hub, email.get("messageId").asString());
        // One message with two To recipients: GreenMail keeps one copy per recipient.
        assertThat(received).hasSize(2);
        MimeMessage m = received.get(0);

        // Non-ASCII names and subject are RFC 2047 encoded on the wire and decode back exactly.
        assertThat(m.getHeader("Subject")[0]).startsWith("=?UTF-8?");
        assertThat(m.getSubject()).isEqualTo("Rechnung " + number + " von Atelier Lumière");
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(MailTestServers.HUB_FROM);
        assertThat(from.getPersonal()).isEqualTo("Atelier Lumière via Passerelle");
        assertThat(m.getHeader("From")[0]).contains("=?UTF-8?");
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("contact@atelierlumiere.example");
        InternetAddress[] to = (InternetAddress[]) m.getRecipients(Message.RecipientType.TO);
        assertThat(to).extracting(InternetAddress::getAddress)
                .containsExactly("zoe@lumiere.example", "zoe.billing@lumiere.example");
        assertThat(to[0].getPersonal()).isEqualTo("Zoë Ångström");

        // The PDF (the tenant's default setting) next to HTML with a plain-text alternative, both UTF-8.
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        MimeMultipart mixed = (MimeMultipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(2);
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/alternative");
        MimeBodyPart pdf = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(pdf.getContentType()).startsWith("application/pdf");
        assertThat(pdf.getDisposition()).isEqualTo(MimeBodyPart.ATTACHMENT);
        assertThat(pdf.getFileName()).isEqualTo(number + ".pdf");
        byte[] pdfBytes = pdf.getInputStream().readAllBytes();
        assertThat(new String(pdfBytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
        String text = (String) alternative.getBodyPart(0).getContent();
        String html = (String) alternative.getBodyPart(1).getContent();
        // CLDR puts a non-breaking space before the euro sign: the amount never wraps.
        assertThat(text.replaceAll("\\h", " ")).contains("Guten Tag Zoë Ångström", "30,00 €", "/d/");
        assertThat(html).contains("Guten Tag Zoë Ångström,", "<a href=\"http").contains("30,00");
        assertThat(m.getHeader(MessageBuilder.EMAIL_ID_HEADER)[0]).isEqualTo(emailId);

        assertThat(f.document(doc).get("status").asString()).isEqualTo("SENT");
        assertThat(f.historyHas(doc, "email.queued")).isTrue();
        JsonNode sent = null;
        for (JsonNode entry : f.history(doc)) {
            if (entry.get("action").asString().equals("sent")) {
                sent = entry;
            }
        }
        assertThat(sent).isNotNull();
        assertThat(sent.get("detail").asString()).contains("250", "attached " + number + ".pdf");
        assertThat(email.get("history")).extracting(h -> h.get("status").asString()).containsExactly("QUEUED", "SENT");
    }

    @Test
    void aDraftIsRefusedUnlessAskedToIssueAndACancelledDocumentIsRefused() {
        MailFixtures f = new MailFixtures(api, "Draft Shop", "Bob", "en", "bob@draft.example");
        String draft = f.invoice(true);

        Api.Response refused = api.post("/api/v1/documents/" + draft + "/send", f.key(), null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).contains("application/problem+json");

        String emailId = f.send(draft, Map.of("issue", true));
        assertThat(f.document(draft).get("number").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));

        String other = f.invoice(true);
        api.post("/api/v1/documents/" + other + "/cancel", f.key(), Map.of("reason", "test"));
        assertThat(api.post("/api/v1/documents/" + other + "/send", f.key(), Map.of("issue", true)).status())
                .isEqualTo(409);
    }

    @Test
    void theSameIdempotencyKeyQueuesOneEmail() {
        MailFixtures f = new MailFixtures(api, "Idem", "Carla", "it", "carla@idem.example");
        String doc = f.invoice(false);
        Api.Response first = api.postRaw("/api/v1/documents/" + doc + "/send", f.key(), new byte[0], null,
                Map.of("Idempotency-Key", "order-42"));
        Api.Response second = api.postRaw("/api/v1/documents/" + doc + "/send", f.key(), new byte[0], null,
                Map.of("Idempotency-Key", "order-42"));
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.body().get("emailId").asString()).isEqualTo(first.body().get("emailId").asString());
        assertThat(second.body().get("created").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items")).hasSize(1);
    }

    @Test
    void previewRendersATenantOverrideWithoutSending() {
        MailFixtures f = new MailFixtures(api, "Moulin & Fils", "Émile", "fr", "emile@moulin.example");
        Api.Response put = api.put("/api/v1/settings/mail/templates/document.invoice/fr", f.key(), Map.of(
                "subject", "Votre facture {document.number} – {company.name}",
                "text", "Cher {client.name},\n\nMontant : {document.total}, échéance {document.dueDate}.\n{document.link}\n{unknown.thing}"));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.body().get("overridden").asBoolean()).isTrue();
        api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "hub", "cc", List.of("compta@moulin.example"),
                "bcc", List.of("archive@moulin.example"), "attachPdf", false));
        String doc = f.invoice(false);
        String number = f.document(doc).get("number").asString();

        Api.Response preview = api.post("/api/v1/documents/" + doc + "/send/preview", f.key(), null);

        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        JsonNode p = preview.body();
        assertThat(p.get("subject").asString()).isEqualTo("Votre facture " + number + " – Moulin & Fils");
        assertThat(p.get("text").asString().replaceAll("\\h", " ")).contains("Cher Émile", "30,00 €", "/d/", "{unknown.thing}");
        assertThat(p.get("html").asString()).contains("Moulin &amp; Fils").contains("<a href=");
        assertThat(p.get("from").asString()).isEqualTo("Moulin & Fils via Passerelle <" + MailTestServers.HUB_FROM + ">");
        assertThat(p.get("cc").get(0).get("address").asString()).isEqualTo("compta@moulin.example");
        assertThat(p.get("bcc").get(0).get("address").asString()).isEqualTo("archive@moulin.example");
        assertThat(p.has("attachment")).isFalse();
        assertThat(api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items")).isEmpty();

        assertThat(api.delete("/api/v1/settings/mail/templates/document.invoice/fr", f.key()).status()).isEqualTo(204);
        JsonNode builtIn = api.get("/api/v1/settings/mail/templates/document.invoice/fr", f.key()).body();
        assertThat(builtIn.get("overridden").asBoolean()).isFalse();
        assertThat(builtIn.get("subject").asString()).isEqualTo("Facture {document.number} de {company.name}");
    }
}
