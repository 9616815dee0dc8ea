package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/**
 * A tenant relaying through a mail provider gets the same statuses: the provider's own event
 * formats, posted to the tenant's inbound hook, read by the built-in route hook-email-events.
 */
@PasserelleTest
class ProviderEventsTest {

    @Autowired
    Api api;

    private final Map<String, String> hooks = new java.util.HashMap<>();

    @Test
    void deliveredBouncedAndComplainedEventsInEachProvidersFormatReachTheTenantsEmails() {
        MailFixtures f = new MailFixtures(api, "Relais Fournisseur", "Nora", "en", "nora@client.example");
        String doc = f.invoice(false);
        String delivered = f.send(doc, Map.of("to", List.of("nora@client.example")));
        String bounced = f.send(doc, Map.of("to", List.of("nobody@client.example")));
        String complained = f.send(doc, Map.of("to", List.of("grumpy@client.example")));
        for (String id : List.of(delivered, bounced, complained)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(id).equals("SENT"));
        }
        MailFixtures other = new MailFixtures(api, "Voisin", "Nora", "en", "nora@client.example");
        String othersEmail = other.send(other.invoice(false), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> other.emailStatus(othersEmail).equals("SENT"));

        JsonNode sendgrid = install(f, "SendGrid", "sendgrid");
        post(f, "SendGrid", """
                [{"email": "nora@client.example", "timestamp": 1796101200, "smtp-id": "%s", "event": "processed"},
                 {"email": "nora@client.example", "timestamp": 1796101260, "smtp-id": "%s", "event": "delivered",
                  "ip": "149.72.1.1", "response": "250 2.0.0 OK", "sg_event_id": "ZGVsaXZlcmVk", "sg_message_id": "x.1"},
                 {"email": "nora@client.example", "timestamp": 1796101260, "smtp-id": "%s", "event": "delivered",
                  "ip": "149.72.1.1", "response": "250 2.0.0 OK"}]"""
                .formatted(messageId(f, delivered), messageId(f, delivered), messageId(other, othersEmail)));
        awaitRun(f, sendgrid);
        JsonNode email = f.email(delivered);
        assertThat(email.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(email.get("deliveredAt").asString()).isEqualTo("2026-12-01T05:01:00Z");
        assertThat(email.get("history").get(2).get("detail").asString()).contains("sendgrid", "250 2.0.0 OK");
        assertThat(f.historyHas(doc, "email.delivered")).isTrue();
        // Another tenant's Message-ID, posted to this tenant's hook, changes nothing.
        assertThat(other.emailStatus(othersEmail)).isEqualTo("SENT");

        JsonNode mailgun = install(f, "Mailgun", "mailgun");
        String bare = messageId(f, bounced).substring(1, messageId(f, bounced).length() - 1);
        post(f, "Mailgun", """
                {"signature": {"timestamp": "1796101200", "token": "a1b2", "signature": "c3d4"},
                 "event-data": {"event": "failed", "severity": "permanent", "recipient": "nobody@client.example",
                   "timestamp": 1796101300.25, "message": {"headers": {"message-id": "%s"}},
                   "delivery-status": {"code": 550, "message": "5.1.1 The email account does not exist",
                                       "mx-host": "mx.client.example"}}}""".formatted(bare));
        awaitRun(f, mailgun);
        assertThat(f.emailStatus(bounced)).isEqualTo("BOUNCED");
        JsonNode suppressed = api.get("/api/v1/suppressions/nobody@client.example", f.key()).body();
        assertThat(suppressed.get("reason").asString()).isEqualTo("HARD_BOUNCE");
        assertThat(suppressed.get("detail").asString()).contains("550", "does not exist");

        JsonNode ses = install(f, "SES", "ses");
        String notification = """
                {"notificationType": "Complaint",
                 "complaint": {"complainedRecipients": [{"emailAddress": "grumpy@client.example"}],
                               "timestamp": "2026-12-01T05:10:00.000Z", "complaintFeedbackType": "abuse"},
                 "mail": {"timestamp": "2026-12-01T05:00:00.000Z", "messageId": "0100018c-ses",
                          "commonHeaders": {"messageId": "%s"}}}""".formatted(messageId(f, complained));
        post(f, "SES", """
                {"Type": "Notification", "MessageId": "5c1e", "TopicArn": "arn:aws:sns:eu-west-1:1:ses",
                 "Message": %s}""".formatted(quoted(notification)));
        awaitRun(f, ses);
        JsonNode complaint = api.get("/api/v1/suppressions/grumpy@client.example", f.key()).body();
        assertThat(complaint.get("reason").asString()).isEqualTo("COMPLAINT");
        assertThat(complaint.get("emailId").asString()).isEqualTo(complained);
        assertThat(api.get("/api/v1/domain-events?type=email.complained&subjectId=" + complained, f.key()).body()
                .get("items")).hasSize(1);

        // Amazon SNS first asks to confirm the subscription: the run hands the tenant the URL to open.
        post(f, "SES", """
                {"Type": "SubscriptionConfirmation", "MessageId": "165545c9", "Token": "2336412f37",
                 "TopicArn": "arn:aws:sns:eu-west-1:1:ses", "Message": "You have chosen to subscribe to the topic",
                 "SubscribeURL": "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336412f37"}""");
        awaitRun(f, ses, 2);
        String sesRuns = "/api/v1/route-installations/" + ses.get("id").asString() + "/runs";
        JsonNode confirmation = api.get(sesRuns + "/" + api.get(sesRuns, f.key()).body().get("items").get(0).get("id")
                .asString(), f.key()).body();
        assertThat(confirmation.toString()).contains("Action=ConfirmSubscription");

        // The run says what it did with each event.
        JsonNode run = api.get("/api/v1/route-installations/" + sendgrid.get("id").asString() + "/runs", f.key()).body()
                .get("items").get(0);
        JsonNode detail = api.get("/api/v1/route-installations/" + sendgrid.get("id").asString() + "/runs/"
                + run.get("id").asString(), f.key()).body();
        assertThat(detail.toString()).contains("recorded", "unmatched", "ignored");
    }

    private JsonNode install(MailFixtures f, String hook, String provider) {
        Api.Response created = api.post("/api/v1/hooks", f.key(), Map.of("name", hook));
        assertThat(created.status()).isEqualTo(201);
        Api.Response installed = api.post("/api/v1/route-installations", f.key(), Map.of("route", "hook-email-events",
                "name", hook + " events", "parameters", Map.of("hook", hook, "provider", provider)));
        assertThat(installed.status()).as(installed.text()).isEqualTo(201);
        hooks.put(hook, created.body().get("url").asString());
        return installed.body();
    }

    private void post(MailFixtures f, String hook, String body) {
        Api.Response r = api.postRaw(hooks.get(hook), null, body.getBytes(StandardCharsets.UTF_8), "application/json",
                Map.of());
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private void awaitRun(MailFixtures f, JsonNode installation) {
        awaitRun(f, installation, 1);
    }

    private void awaitRun(MailFixtures f, JsonNode installation, int runs) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.get("/api/v1/route-installations/" + installation.get("id").asString() + "/runs",
                    f.key()).body().get("items");
            return items.size() == runs && items.valueStream().allMatch(r -> r.get("status").asString().equals("DONE"));
        });
    }

    private static String messageId(MailFixtures f, String emailId) {
        return f.email(emailId).get("messageId").asString();
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
