package dev.passerelle.webhooks;

import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.passerelle.support.RefreshedValue;

/**
 * The event types some ACTIVE subscription of any tenant wants, kept in memory: the outbox asks
 * for every event it writes whether webhooks want it, and must not pay a query for the answer.
 * Read again after each change on this instance and every {@code types-refresh} for changes made
 * on others.
 */
@Component
class ActiveTypes {

    private final RefreshedValue<Set<String>> types;

    ActiveTypes(JdbcClient jdbc) {
        this.types = new RefreshedValue<>(() -> Set.copyOf(
                jdbc.sql("SELECT DISTINCT event_type FROM webhook_subscription WHERE status = 'ACTIVE'")
                        .query(String.class).list()));
    }

    boolean contains(String type) {
        return types.get().contains(type);
    }

    Set<String> refresh() {
        return types.refresh();
    }

    void refreshAfterCommit() {
        types.refreshAfterCommit();
    }
}
