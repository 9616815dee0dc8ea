package dev.passerelle.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardWebhooksTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Found by EdgeFuzzTest: a timestamp beyond what an Instant holds threw (a 500 at signed hooks). */
    @ParameterizedTest
    @ValueSource(strings = {"8446744073709551615", "9223372036854775807", "-9223372036854775808", "-31557014167219201"})
    void aTimestampFarOutOfRangeIsRefusedNotThrown(String timestamp) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = StandardWebhooks.sign(KEY, "msg_1", Long.parseLong(timestamp), body);

        StandardWebhooks.Verdict verdict = StandardWebhooks.verify(KEY, "msg_1", timestamp, signature, body, Instant.now());

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.problem()).contains("webhook-timestamp " + timestamp + " is more than 5 minutes from now");
    }

    @ParameterizedTest
    @ValueSource(longs = {-299, 0, 299})
    void aTimestampWithinFiveMinutesIsAccepted(long skew) {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        long timestamp = now.getEpochSecond() + skew;

        StandardWebhooks.Verdict verdict = StandardWebhooks.verify(KEY, "msg_1", Long.toString(timestamp),
                StandardWebhooks.sign(KEY, "msg_1", timestamp, body), body, now);

        assertThat(verdict.valid()).as(verdict.problem()).isTrue();
    }
}
