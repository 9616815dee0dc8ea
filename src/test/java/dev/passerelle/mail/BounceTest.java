package dev.passerelle.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

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

        BounceMailbox.deliver(BounceMailbox.dsn(messageId, "hana@bounce.example"));

        await().atMost(Duration.ofSeconds(20)).until(() -> f.emailStatus(emailId).equals("BOUNCED"));
        JsonNode email = f.email(emailId);
        assertThat(email.get("bouncedAt").isNull()).isFalse();
        assertThat(email.get("smtpReply").asString()).contains("hana@bounce.example", "5.1.1", "User unknown");
        assertThat(email.get("history")).extracting(h -> h.get("status").asString())
                .containsExactly("QUEUED", "SENT", "BOUNCED", "BOUNCED");
        // 5.1.1 is a hard bounce: the address is suppressed (see TrackingTest for what follows).
        assertThat(email.get("history").get(3).get("detail").asString())
                .isEqualTo("hana@bounce.example added to the suppression list: later emails to it are dropped");
        assertThat(f.historyHas(doc, "email.bounced")).isTrue();
        JsonNode events = api.get("/api/v1/domain-events?type=email.bounced&subjectId=" + emailId, f.key()).body();
        assertThat(events.get("items")).hasSize(1);
        JsonNode payload = events.get("items").get(0).get("payload");
        assertThat(payload.get("documentId").asString()).isEqualTo(doc);
        assertThat(payload.get("recipients").get(0).get("address").asString()).isEqualTo("hana@bounce.example");
        assertThat(api.get("/api/v1/emails?status=BOUNCED", f.key()).body().get("items")).hasSize(1);

        // The same report again (a second copy in the mailbox) changes nothing.
        BounceMailbox.deliver(BounceMailbox.dsn(messageId, "hana@bounce.example"));
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
}
