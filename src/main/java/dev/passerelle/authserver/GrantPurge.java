package dev.passerelle.authserver;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.Batches;

/**
 * Every authorization request leaves a row, consented to or not; the rows that can no longer be
 * used go hourly (a Quartz job on the clustered store: once per cluster): older than a day, with no
 * refresh token still in its lifetime and no access token either. A grant in use keeps its row.
 */
@Component
class GrantPurge extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(GrantPurge.class);
    private static final int BATCH = 1000;
    /** An unfinished request (consent not given, code not exchanged) is useless after minutes; kept a day. */
    private static final Duration ABANDONED = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    GrantPurge(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from("quartz://passerelle/oauth-grant-purge?cron=0+37+*+*+*+?")
                .routeId("oauth-grant-purge")
                .process(exchange -> exchange.getMessage().setBody(purge()));
    }

    int purge() {
        Instant now = clock.instant();
        int purged = Batches.untilDone(BATCH, size -> {
            List<String> ids = jdbc.sql("""
                    SELECT id FROM oauth2_authorization
                    WHERE created_at < :cutoff
                      AND (refresh_token_expires_at IS NULL OR refresh_token_expires_at < :now)
                      AND (access_token_expires_at IS NULL OR access_token_expires_at < :now)
                    ORDER BY id LIMIT :size""")
                    .param("cutoff", Timestamp.from(now.minus(ABANDONED))).param("now", Timestamp.from(now))
                    .param("size", size).query(String.class).list();
            return ids.isEmpty() ? 0 : jdbc.sql("DELETE FROM oauth2_authorization WHERE id IN (:ids)")
                    .param("ids", ids).update();
        });
        if (purged > 0) {
            log.info("Purged {} OAuth2 authorizations that can no longer be used", purged);
        }
        return purged;
    }
}
