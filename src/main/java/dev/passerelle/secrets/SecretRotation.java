package dev.passerelle.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Moves every stored value onto the current master key, in small batches, while the server
 * keeps serving: reads use whichever key a value names, so nothing waits for the rotation.
 */
@Service
class SecretRotation implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SecretRotation.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final MasterKeyRing keys;
    private final SecretStore store;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "secret-rotation");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong reencrypted = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile String lastError;

    SecretRotation(JdbcClient jdbc, MasterKeyRing keys, SecretStore store) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.store = store;
    }

    /**
     * @param unreadable values the last run could not decrypt (tampered, or under a key no longer
     *                   configured); they stay as they are and are reported, not dropped
     */
    record Status(String currentKeyId, Map<String, Long> valuesByKeyId, boolean running, long reencrypted,
                  long unreadable, String lastError) {
    }

    /** After a restart with a new PASSERELLE_MASTER_KEY, finish the move without being asked. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeIfNeeded() {
        if (countNotOnCurrentKey() > 0) {
            log.info("Stored secrets found under an earlier master key: re-encrypting under {}", keys.currentKeyId());
            start();
        }
    }

    /** Makes a new key current when the key ring is ours to manage, then re-encrypts. */
    Status rotate() {
        if (keys.managesKeyFile()) {
            String newKey = keys.generateNewCurrentKey();
            log.info("Generated master key {}; re-encrypting stored secrets", newKey);
        }
        start();
        return status();
    }

    Status status() {
        Map<String, Long> byKey = new LinkedHashMap<>();
        jdbc.sql("SELECT key_id, COUNT(*) AS n FROM secret GROUP BY key_id ORDER BY key_id")
                .query((rs, i) -> byKey.put(rs.getString("key_id"), rs.getLong("n"))).list();
        return new Status(keys.currentKeyId(), byKey, running.get(), reencrypted.get(), unreadable.get(), lastError);
    }

    void start() {
        if (running.compareAndSet(false, true)) {
            executor.execute(this::reencryptAll);
        }
    }

    private void reencryptAll() {
        try {
            lastError = null;
            unreadable.set(0);
            UUID after = new UUID(0, 0);
            List<SecretStore.StoredSecret> batch;
            do {
                batch = jdbc.sql("""
                        SELECT id, tenant_id, purpose, key_id, nonce, ciphertext FROM secret
                        WHERE key_id <> ? AND id > ? ORDER BY id LIMIT ?""")
                        .params(keys.currentKeyId(), after, BATCH)
                        .query(SecretStore.StoredSecret.class).list();
                for (SecretStore.StoredSecret row : batch) {
                    after = row.id();
                    reencryptOne(row);
                }
            } while (!batch.isEmpty());
            log.info("Stored secrets moved to master key {} ({} could not be read)", keys.currentKeyId(),
                    unreadable.get());
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            log.error("Re-encryption stopped: {}", e.getMessage());
        } finally {
            running.set(false);
        }
    }

    private void reencryptOne(SecretStore.StoredSecret row) {
        try {
            if (store.reencrypt(row)) {
                reencrypted.incrementAndGet();
            }
        } catch (SecretUnavailableException e) {
            unreadable.incrementAndGet();
            lastError = "secret " + row.id() + ": " + e.getMessage();
            log.warn("Cannot re-encrypt secret {} (key {}): {}", row.id(), row.keyId(), e.getMessage());
        }
    }

    private long countNotOnCurrentKey() {
        return jdbc.sql("SELECT COUNT(*) FROM secret WHERE key_id <> ?").param(keys.currentKeyId())
                .query(Long.class).single();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
