package dev.passerelle.support;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Transactions whose loss would only mean doing harmless work again may commit without waiting
 * for their WAL to reach the disk: on PostgreSQL, {@code synchronous_commit} off for that
 * transaction alone. Such a commit is visible to every session at once, as any other; it can be
 * lost only if PostgreSQL itself (or the machine) crashes within ~3 × {@code wal_writer_delay}
 * (0.6 s by default), and never out of order: any later synchronous commit, on any connection,
 * makes it durable first. A crash of Passerelle loses nothing. On H2 this does nothing.
 *
 * <p>Use it only where the rows written are bookkeeping that the system redoes idempotently when
 * they are missing (a lease, a run marked done whose steps are recorded), never for the only
 * trace of something that cannot be redone.
 */
@Component
public class RedoableCommits {

    private final JdbcClient jdbc;
    private final boolean postgres;

    RedoableCommits(JdbcClient jdbc, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        try (Connection c = dataSource.getConnection()) {
            this.postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        }
    }

    /** Called inside a transaction: its commit will not wait for the disk (PostgreSQL only). */
    public void forThisTransaction() {
        if (postgres) {
            jdbc.sql("SET LOCAL synchronous_commit TO OFF").update();
        }
    }
}
