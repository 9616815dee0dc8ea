package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * An invoice's email followed to the end, through real parts: GreenMail as the relay and the
 * bounce mailbox (reports delivered into it and read over IMAP), the tracking image fetched over
 * HTTP, the relay counting what reaches it.
 */
@PasserelleTest
class TrackingTest {

    private static final Pattern PIXEL = Pattern.compile("(http://[^\"]+/e/([A-Za-z0-9_-]+)\\.gif)");

    @Autowired
    Api api;
    @Autowired
    Suppressions suppressions;

    @Test
    void sentThenDeliveredThenOpenedInTheEmailsAndTheDocumentsHistory() throws Exception {
        MailFixtures f = new MailFixtures(api, "Suivi Atelier", "Inès", "fr", "ines@client.example");
        Api.Response off = api.get("/api/v1/settings/mail/tracking", f.key());
        assertThat(off.body().get("trackOpens").asBoolean()).as("off by default").isFalse();
        assertThat(api.put("/api/v1/settings/mail/tracking", f.key(), Map.of()).status()).isEqualTo(400);
        assertThat(api.put("/api/v1/settings/mail/tracking", f.key(), Map.of("trackOpens", true)).body()
                .get("trackOpens").asBoolean()).isTrue();
        String doc = f.invoice(false);
        String emailId = f.send(doc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        JsonNode sent = f.email(emailId);

        // The exact content that was sent: the stored HTML (with its tracking image) is the relay's copy.
        Matcher pixel = PIXEL.matcher(sent.get("html").asString());
        assertThat(pixel.find()).as(sent.get("html").asString()).isTrue();
        MimeMessage received = MailFixtures.received(MailTestServers.hub(), sent.get("messageId").asString()).get(0);
        assertThat(textOf(received)).contains(pixel.group(1));
        assertThat(sent.get("subject").asString()).isEqualTo(received.getSubject());
        assertThat(sent.get("to").get(0).get("address").asString()).isEqualTo("ines@client.example");
        assertThat(sent.get("from").asString()).contains("Suivi Atelier", MailTestServers.HUB_FROM);
        assertThat(sent.get("replyTo").asString()).as("replies go to the company").contains("contact@suiviatelier.example");
        assertThat(received.getReplyTo()[0].toString()).contains("contact@suiviatelier.example");
        assertThat(sent.get("text").asString()).contains("Inès");

        // A success DSN, matched by the envelope id alone.
        BounceMailbox.deliver(BounceMailbox.delivered(emailId, "ines@client.example", "mx.client.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("DELIVERED"));
        JsonNode delivered = f.email(emailId);
        assertThat(delivered.get("deliveredBy").asString()).isEqualTo("dns; mx.client.example");
        assertThat(delivered.get("deliveredAt").asString()).isEqualTo("2026-12-01T05:00:00Z");

        // The image, fetched as a mail client would: the first fetch opens, later ones count.
        Api.Response image = api.get(pixel.group(1), null);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/gif");
        assertThat(image.headers().get("cache-control")).anyMatch(v -> v.contains("no-store"));
        assertThat(image.raw()).isEqualTo(OpenPixelController.GIF);
        JsonNode opened = f.email(emailId);
        assertThat(opened.get("status").asString()).isEqualTo("OPENED");
        assertThat(opened.get("openCount").asInt()).isEqualTo(1);
        assertThat(api.get(pixel.group(1), null).status()).isEqualTo(200);
        assertThat(f.email(emailId).get("openCount").asInt()).isEqualTo(2);
        assertThat(f.email(emailId).get("status").asString()).isEqualTo("OPENED");

        // The same report read again changes nothing; an unknown image token answers the same image.
        BounceMailbox.deliver(BounceMailbox.delivered(emailId, "ines@client.example", "mx.client.example"));
        assertThat(api.get("/e/" + "x".repeat(43) + ".gif", null).raw()).isEqualTo(OpenPixelController.GIF);
        await().atMost(Duration.ofSeconds(20)).until(() -> BounceMailbox.unseen() == 0);

        // The client opens the public link too: both stay in the document's history.
        String publicUrl = f.document(doc).get("publicUrl").asString();
        assertThat(api.get(publicUrl, null).status()).isEqualTo(200);

        JsonNode email = f.email(emailId);
        assertThat(email.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "SENT", "DELIVERED", "OPENED");
        assertThat(email.get("history").get(2).get("detail").asString()).contains("mx.client.example");
        List<String> actions = new ArrayList<>();
        f.history(doc).forEach(h -> actions.add(h.get("action").asString()));
        assertThat(actions).containsSubsequence("email.queued", "sent", "email.delivered", "email.opened", "viewed");
        for (String type : List.of("email.sent", "email.delivered", "email.opened")) {
            assertThat(api.get("/api/v1/domain-events?type=" + type + "&subjectId=" + emailId, f.key()).body()
                    .get("items")).as(type).hasSize(1);
        }
        JsonNode event = api.get("/api/v1/domain-events?type=email.delivered&subjectId=" + emailId, f.key()).body()
                .get("items").get(0).get("payload");
        assertThat(event.get("documentId").asString()).isEqualTo(doc);
        assertThat(event.get("reportedBy").asString()).isEqualTo("dns; mx.client.example");
    }

    @Test
    void withoutOpenTrackingTheEmailCarriesNoImage() {
        MailFixtures f = new MailFixtures(api, "Discret", "Olga", "en", "olga@client.example");
        String emailId = f.send(f.invoice(false), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("SENT"));
        assertThat(f.email(emailId).get("html").asString()).doesNotContain("/e/");
    }

    @Test
    void aHardBounceSuppressesTheAddressTheNextEmailIsDroppedAndTheBusinessIsToldOnce() throws Exception {
        MailFixtures f = new MailFixtures(api, "Rebond", "Hugo", "en", "hugo@typo.example");
        String company = "contact@rebond.example";
        String doc = f.invoice(false);
        String first = f.send(doc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(first).equals("SENT"));
        assertThat(receivedBy("hugo@typo.example")).isEqualTo(1);

        BounceMailbox.deliver(BounceMailbox.dsn(f.email(first).get("messageId").asString(), "hugo@typo.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(first).equals("BOUNCED"));

        // The address is on the tenant's list, with the reason, the time and the email that caused it.
        JsonNode list = api.get("/api/v1/suppressions", f.key()).body().get("items");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("address").asString()).isEqualTo("hugo@typo.example");
        assertThat(list.get(0).get("reason").asString()).isEqualTo("HARD_BOUNCE");
        assertThat(list.get(0).get("detail").asString()).contains("5.1.1");
        assertThat(list.get(0).get("emailId").asString()).isEqualTo(first);
        assertThat(list.get(0).get("createdAt").isNull()).isFalse();
        assertThat(api.get("/api/v1/suppressions/HUGO@typo.example", f.key()).status()).isEqualTo(200);

        // The business is told: which document, which address, why, what to do.
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedBy(company) == 1);
        MimeMessage notice = receivedMessagesTo(company).get(0);
        String number = f.document(doc).get("number").asString();
        assertThat(notice.getSubject()).contains("Not delivered", number, "hugo@typo.example");
        String text = textOf(notice);
        assertThat(text).contains("Hugo", "5.1.1", "suppressions");

        // The next email to it is dropped at once and never reaches the relay.
        Api.Response again = api.post("/api/v1/documents/" + doc + "/send", f.key(), null);
        assertThat(again.status()).isEqualTo(202);
        String second = again.body().get("emailId").asString();
        assertThat(again.body().get("status").asString()).isEqualTo("DROPPED");
        JsonNode dropped = f.email(second);
        assertThat(dropped.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "DROPPED");
        assertThat(dropped.get("history").get(1).get("detail").asString()).contains("hugo@typo.example", "bounced");
        assertThat(f.historyHas(doc, "email.dropped")).isTrue();
        assertThat(api.get("/api/v1/domain-events?type=email.dropped&subjectId=" + second, f.key()).body()
                .get("items")).hasSize(1);
        // A third one: dropped too, and no more notices (one per document and outcome: bounced, dropped).
        String third = f.send(doc, null);
        assertThat(f.emailStatus(third)).isEqualTo("DROPPED");
        await().atMost(Duration.ofSeconds(20)).until(() -> receivedBy(company) == 2);
        Thread.sleep(1500); // the outbox polls every 100 ms: time enough for a wrong third notice to arrive
        assertThat(receivedBy(company)).isEqualTo(2);
        assertThat(receivedBy("hugo@typo.example")).isEqualTo(1);
        assertThat(f.historyHas(doc, "email.sender_notified")).isTrue();

        // Lifted, the address is sent to again.
        assertThat(api.delete("/api/v1/suppressions/hugo@typo.example", f.key()).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/suppressions/hugo@typo.example", f.key()).status()).isEqualTo(404);
        String fourth = f.send(doc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(fourth).equals("SENT"));
        assertThat(receivedBy("hugo@typo.example")).isEqualTo(2);

        // Another tenant's list is its own.
        MailFixtures other = new MailFixtures(api, "Autre", "Hugo", "en", "hugo@typo.example");
        assertThat(api.get("/api/v1/suppressions", other.key()).body().get("items")).isEmpty();
    }

    @Test
    void aSuppressedCopyAddressIsLeftOutAndTheRestIsSent() throws Exception {
        MailFixtures f = new MailFixtures(api, "Partiel", "Lea", "en", "lea@ok.example", "lea@gone.example");
        String doc = f.invoice(false);
        String first = f.send(doc, Map.of("to", List.of("lea@gone.example")));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(first).equals("SENT"));
        BounceMailbox.deliver(BounceMailbox.dsn(f.email(first).get("messageId").asString(), "lea@gone.example"));
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(first).equals("BOUNCED"));

        String second = f.send(doc, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(second).equals("SENT"));
        JsonNode email = f.email(second);
        assertThat(email.get("to")).extracting(r -> r.get("address").asString()).containsExactly("lea@ok.example");
        assertThat(email.get("history").get(1).get("detail").asString()).contains("not sent to lea@gone.example");
        MimeMessage received = MailFixtures.received(MailTestServers.hub(), email.get("messageId").asString()).get(0);
        assertThat(Arrays.stream(received.getAllRecipients()).map(Object::toString)).noneMatch(a -> a.contains("gone"));
    }

    @Test
    void anAddressSuppressedWhileTheEmailWaitsForARetryDropsItAtTheNextAttempt() throws Exception {
        MailFixtures f = new MailFixtures(api, "Attente", "Yann", "en", "yann@later.example");
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "smtp", "fromAddress",
                "billing@attente.example", "smtp", Map.of("host", "127.0.0.1", "port", closed, "security", "none")))
                .status()).isEqualTo(200);
        String emailId = f.send(f.invoice(false), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("DEFERRED"));

        suppressions.add(f.tenant.tenantId(), "Yann@Later.example", Suppressions.Reason.COMPLAINT, "reported as spam",
                null);
        assertThat(api.put("/api/v1/settings/mail", f.key(), Map.of("sender", "hub")).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("DROPPED"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("history")).extracting(h -> h.get("status").asString()).contains("DEFERRED")
                .last().isEqualTo("DROPPED");
        assertThat(receivedBy("yann@later.example")).isZero();
    }

    static long receivedBy(String address) {
        return receivedMessagesTo(address).size();
    }

    static List<MimeMessage> receivedMessagesTo(String address) {
        return Arrays.stream(MailTestServers.hub().getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO) != null && Arrays.stream(
                        m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().contains(address));
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    /** Every text part of a message, decoded, one after the other. */
    static String textOf(jakarta.mail.Part part) throws Exception {
        if (part.isMimeType("text/*")) {
            return part.getContent().toString();
        }
        StringBuilder out = new StringBuilder();
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                out.append(textOf(multipart.getBodyPart(i))).append('\n');
            }
        }
        return out.toString();
    }
}
