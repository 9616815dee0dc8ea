package dev.passerelle.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.passerelle.Api;
import dev.passerelle.PasserelleTest;
import tools.jackson.databind.JsonNode;

/** A trigger's items without a subscription: the three most recent, and polling with a cursor that loses nothing. */
@PasserelleTest
class TriggerPollTest {

    @Autowired
    Api api;

    @Test
    void recentIsTheThreeNewestAndPollingWithTheCursorGivesWhatCameSince() throws Exception {
        Hooks hooks = new Hooks(api, "Poller");
        assertThat(api.get("/api/v1/triggers/client.created/recent", hooks.key()).body()).isEmpty();
        JsonNode empty = api.get("/api/v1/triggers/client.created/poll", hooks.key()).body();
        assertThat(empty.get("items")).isEmpty();
        assertThat(empty.get("nextCursor").asString()).isEqualTo("0");

        List<String> first = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            first.add(hooks.client("Polled " + i));
        }
        JsonNode recent = api.get("/api/v1/triggers/client.created/recent", hooks.key()).body();
        assertThat(recent).extracting(i -> i.get("data").get("id").asString())
                .containsExactly(first.get(3), first.get(2), first.get(1));

        // Fresh events are given, but the cursor stays behind them until they have settled.
        JsonNode poll = api.get("/api/v1/triggers/client.created/poll", hooks.key()).body();
        assertThat(poll.get("items")).extracting(i -> i.get("data").get("id").asString())
                .containsExactly(first.get(3), first.get(2), first.get(1), first.get(0));
        JsonNode unsettled = api.get("/api/v1/triggers/client.created/poll?cursor=" + poll.get("nextCursor").asString(),
                hooks.key()).body();
        assertThat(unsettled.get("items")).hasSize(4);

        Thread.sleep(TriggerController.SETTLE.toMillis() + 200);
        JsonNode settled = api.get("/api/v1/triggers/client.created/poll?cursor=" + poll.get("nextCursor").asString(),
                hooks.key()).body();
        assertThat(settled.get("items")).hasSize(4);
        String cursor = settled.get("nextCursor").asString();
        assertThat(api.get("/api/v1/triggers/client.created/poll?cursor=" + cursor, hooks.key()).body().get("items"))
                .isEmpty();

        String later = hooks.client("Polled Later");
        JsonNode since = api.get("/api/v1/triggers/client.created/poll?cursor=" + cursor, hooks.key()).body();
        assertThat(since.get("items")).extracting(i -> i.get("data").get("id").asString()).containsExactly(later);
        // Another tenant's poll sees none of these.
        Hooks other = new Hooks(api, "Other Poller");
        assertThat(api.get("/api/v1/triggers/client.created/poll?cursor=0", other.key()).body().get("items")).isEmpty();
    }
}
