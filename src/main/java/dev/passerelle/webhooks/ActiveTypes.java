package dev.passerelle.webhooks;

import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The event types some ACTIVE subscription of any tenant wants, kept in memory: the outbox asks
 * for every event it writes whether webhooks want it, and must not pay a query for the answer.
 * Read again after each change on this instance and every {@code types-refresh} for changes made
 * on others.
 */
@Component
class ActiveTypes {

    private final JdbcClient jdbc;
    private volatile Set<String> types;

    ActiveTypes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean contains(String type) {
        Set<String> known = types;
        if (known == null) {
            known = refresh();
        }
        return known.contains(type);
    }

    Set<String> refresh() {
        Set<String> read = Set.copyOf(jdbc.sql("SELECT DISTINCT event_type FROM webhook_subscription WHERE status = 'ACTIVE'")
                .query(String.class).list());
        types = read;
        return read;
    }

    /** After the current transaction commits (at once when there is none): what it changed is then visible. */
    void refreshAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    refresh();
                }
            });
        } else {
            refresh();
        }
    }
}
