package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

import com.icegreen.greenmail.util.GreenMail;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import dev.passerelle.users.ConsoleAccounts;
import dev.passerelle.users.ConsoleClient;
import tools.jackson.databind.JsonNode;

/**
 * The console's send dialog and bulk send over real HTTP: the preview is the real template's, the
 * email reaches the SMTP server (GreenMail) with what the dialog said, and its status shows on the
 * document's page; a bulk send's progress and per-document results are the job's.
 */
@PasserelleTest
class DocumentSendPagesTest {

    @Autowired
    Api api;

    GreenMail hub = MailTestServers.hub();

    @Test
    void theDialogPreviewsWithTheRealTemplateThenSendsWhatItSaysAndTheStatusShows() throws Exception {
        MailFixtures f = new MailFixtures(api, "Atelier Dialogue", "Emma Leroy", "en", "emma@dialogue.example",
                "compta@dialogue.example");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, f.tenant, "OWNER"));
        String doc = f.invoice(false);
        String number = f.document(doc).get("number").asString();

        ConsoleClient.Page dialog = owner.get("/console/documents/" + doc + "/send");
        assertThat(dialog.status()).isEqualTo(200);
        assertThat(dialog.body()).contains("Send " + number, "value=\"emma@dialogue.example\" checked",
                "value=\"compta@dialogue.example\" checked", "Other address 3",
                "value=\"Invoice " + number + " from Atelier Dialogue\"", "Hello Emma Leroy,");
        String key = ConsoleClient.hidden(dialog, "key");
        String subject = "Your invoice " + number;

        // The preview: rendered by the server with the real template, nothing queued.
        ConsoleClient.Page preview = owner.submit(dialog, "/console/documents/" + doc + "/send", fields(key,
                List.of("emma@dialogue.example"), List.of("boss@dialogue.example", "", ""), subject, body(dialog),
                "preview"));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview\"", MailTestServers.HUB_FROM, subject,
                "emma@dialogue.example, boss@dialogue.example", "srcdoc=", "Please find attached invoice " + number);
        assertThat(api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items")).isEmpty();

        // Addresses are checked, field by field, before anything is sent.
        ConsoleClient.Page wrong = owner.submit(dialog, "/console/documents/" + doc + "/send", fields(key,
                List.of("emma@dialogue.example"), List.of("not an address", "", ""), subject, "Hi", "send"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(HtmlUtils.htmlUnescape(wrong.body())).contains("role=\"alert\"", "'not an address' is not an e-mail address",
                "aria-invalid=\"true\"", "id=\"other-1-error\"", "This is not an e-mail address.");
        ConsoleClient.Page tooMany = owner.submit(dialog, "/console/documents/" + doc + "/send", fields(key,
                List.of("emma@dialogue.example", "compta@dialogue.example"), List.of("a@x.example", "b@x.example", ""),
                subject, "Hi", "send"));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("to: at most 3 addresses");
        ConsoleClient.Page nobody = owner.submit(dialog, "/console/documents/" + doc + "/send", fields(key,
                List.of(), List.of("", "", ""), subject, "Hi", "send"));
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items")).isEmpty();
        assertThat(owner.post("/console/documents/" + doc + "/send", Map.of("key", key, "other", "a@x.example"))
                .status()).as("no CSRF token").isEqualTo(403);

        // Sent: one client address, one typed, the subject and message as edited; twice, queued once.
        List<Map.Entry<String, String>> send = fields(key, List.of("compta@dialogue.example"),
                List.of("", "boss@dialogue.example", ""), subject, "Dear Emma,\r\n\r\nHere is " + number + ".\r\n", "send");
        ConsoleClient.Page sent = owner.submit(dialog, "/console/documents/" + doc + "/send", send);
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(sent.location()).endsWith("/console/documents/" + doc + "?done=sent#emails");
        assertThat(owner.submit(dialog, "/console/documents/" + doc + "/send", send).status()).isEqualTo(302);
        JsonNode emails = api.get("/api/v1/emails?documentId=" + doc, f.key()).body().get("items");
        assertThat(emails).hasSize(1);
        String emailId = emails.get(0).get("id").asString();

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        MimeMessage m = MailFixtures.received(hub, f.email(emailId).get("messageId").asString()).get(0);
        assertThat(m.getSubject()).isEqualTo(subject);
        assertThat(m.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("compta@dialogue.example", "boss@dialogue.example");
        assertThat(f.email(emailId).get("text").asString()).contains("Dear Emma,", "Here is " + number + ".");
        ConsoleClient.Page page = owner.get("/console/documents/" + doc + "?done=sent");
        assertThat(page.body()).contains("The email is queued", "id=\"email-" + emailId + "\"", subject,
                "compta@dialogue.example, boss@dialogue.example", "Email queued", "Sent (the mail server took it)");
        assertThat(page.body().substring(page.body().indexOf("id=\"email-" + emailId + "\"")))
                .contains("<span class=\"badge email-status\">Sent</span>");
        assertThat(f.document(doc).get("status").asString()).isEqualTo("SENT");
    }

    @Test
    void anUnchangedMessageKeepsTheTemplatesHtmlAndADraftIsIssuedWhenSent() {
        MailFixtures f = new MailFixtures(api, "Atelier Brouillon", "Félix Morel", "fr", "felix@brouillon.example");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, f.tenant, "OWNER"));
        String draft = f.invoice(true);

        ConsoleClient.Page dialog = owner.get("/console/documents/" + draft + "/send");
        assertThat(dialog.body()).contains("This draft is issued (it gets its number) when it is sent.");
        String key = ConsoleClient.hidden(dialog, "key");
        String subject = subject(dialog);
        ConsoleClient.Page sent = owner.submit(dialog, "/console/documents/" + draft + "/send", fields(key,
                List.of("felix@brouillon.example"), List.of("", "", ""), subject, body(dialog), "send"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);

        JsonNode document = f.document(draft);
        assertThat(document.get("status").asString()).isIn("ISSUED", "SENT");
        String emailId = api.get("/api/v1/emails?documentId=" + draft, f.key()).body().get("items").get(0).get("id")
                .asString();
        JsonNode email = f.email(emailId);
        // The template's own subject, now with the number the draft got when it was issued.
        assertThat(email.get("subject").asString()).contains(document.get("number").asString());
        assertThat(email.get("html").asString()).contains("<a href=\"http");
    }

    @Test
    void aBulkSendShowsItsProgressAndEachDocumentsResult() {
        MailFixtures f = new MailFixtures(api, "Atelier Groupé", "Gaston Blanc", "en", "gaston@groupe.example");
        MailFixtures other = new MailFixtures(api, "Someone Else", "Hidden", "en", "hidden@else.example");
        ConsoleClient owner = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, f.tenant, "OWNER"));
        String first = f.invoice(false);
        String second = f.invoice(false);
        String cancelled = f.invoice(true);
        api.post("/api/v1/documents/" + cancelled + "/cancel", f.key(), Map.of("reason", "test"));
        String notMine = other.invoice(false);

        ConsoleClient.Page list = owner.get("/console/documents");
        assertThat(list.body()).contains("name=\"ids\" value=\"" + first + "\"");
        List<Map.Entry<String, String>> picked = new ArrayList<>();
        picked.add(Map.entry("key", ConsoleClient.hidden(list, "key")));
        for (String id : List.of(first, second, cancelled, notMine)) {
            picked.add(Map.entry("ids", id));
        }
        ConsoleClient.Page started = owner.submit(list, "/console/documents/send", picked);
        assertThat(started.status()).as(started.body()).isEqualTo(302);
        String progressPath = started.location().replaceAll("^https?://[^/]+", "");
        assertThat(progressPath).matches("/console/documents/send/[0-9a-f-]{36}");
        // The same form sent again is the same job.
        assertThat(owner.submit(list, "/console/documents/send", picked).location()).isEqualTo(started.location());

        ConsoleClient.Page page = owner.get(progressPath);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<progress id=\"bulk-meter\"", "max=\"4\"");
        if (!page.body().contains("id=\"bulk-done\"")) {
            assertThat(page.body()).contains("hx-get=\"" + progressPath + "/progress\"", "hx-trigger=\"every 1s\"");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> owner.get(progressPath + "/progress").body()
                .contains("id=\"bulk-done\""));
        ConsoleClient.Page done = owner.get(progressPath + "/progress");
        assertThat(done.body()).doesNotContain("<html", "hx-trigger").contains("4 of 4 documents done");
        assertThat(row(done, first)).contains(f.document(first).get("number").asString(), "Gaston Blanc", ">Sent<");
        assertThat(row(done, second)).contains(">Sent<");
        assertThat(row(done, cancelled)).contains("Not sent: a cancelled document cannot be sent");
        assertThat(row(done, notMine)).contains("Not sent: document " + notMine + " not found")
                .doesNotContain("Hidden");
        assertThat(f.document(first).get("status").asString()).isEqualTo("SENT");
        assertThat(api.get("/api/v1/emails?documentId=" + notMine, other.key()).body().get("items")).isEmpty();

        // The job is its tenant's only.
        ConsoleClient stranger = ConsoleAccounts.signedIn(api, ConsoleAccounts.active(api, other.tenant, "OWNER"));
        assertThat(stranger.get(progressPath).status()).isEqualTo(404);
        assertThat(stranger.get(progressPath + "/progress").status()).isEqualTo(404);
        assertThat(owner.submit(list, "/console/documents/send", List.of(Map.entry("key", "k".repeat(30))))
                .status()).as("nothing ticked").isEqualTo(400);
    }

    private static List<Map.Entry<String, String>> fields(String key, List<String> to, List<String> others,
                                                          String subject, String body, String action) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("key", key));
        to.forEach(a -> fields.add(Map.entry("to", a)));
        others.forEach(a -> fields.add(Map.entry("other", a)));
        fields.add(Map.entry("subject", subject));
        fields.add(Map.entry("body", body));
        fields.add(Map.entry("action", action));
        return fields;
    }

    /** The subject as the dialog shows it. */
    private static String subject(ConsoleClient.Page dialog) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"subject\"[^>]*value=\"([^\"]*)\"")
                .matcher(dialog.body());
        assertThat(m.find()).isTrue();
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    /** The message as the dialog shows it in its text area (HTML-unescaped). */
    private static String body(ConsoleClient.Page dialog) {
        String html = dialog.body();
        int start = html.indexOf('>', html.indexOf("<textarea id=\"body\"")) + 1;
        return HtmlUtils.htmlUnescape(html.substring(start, html.indexOf("</textarea>", start)));
    }

    private static String row(ConsoleClient.Page page, String documentId) {
        String body = page.body();
        int start = body.indexOf("id=\"bulk-" + documentId + "\"");
        assertThat(start).as("a row for " + documentId).isPositive();
        return body.substring(start, body.indexOf("</tr>", start));
    }
}
