package dev.passerelle.secrets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.passerelle.support.Ids;

/**
 * The one secret store every feature uses. Values are encrypted with the current master key;
 * the associated data binds each value to its tenant, its row and its purpose.
 */
@Service
public class SecretStore {

    private final JdbcClient jdbc;
    private final MasterKeyRing keys;
    private final Clock clock;

    SecretStore(JdbcClient jdbc, MasterKeyRing keys, Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.clock = clock;
    }

    /** Stores a value and returns the id by which its owner refers to it. */
    @Transactional
    public UUID store(UUID tenantId, String purpose, String value) {
        UUID id = Ids.newId();
        String keyId = keys.currentKeyId();
        SecretCipher.Sealed sealed = SecretCipher.encrypt(keys.current(), value, associatedData(tenantId, id, purpose));
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                INSERT INTO secret (id, tenant_id, purpose, key_id, nonce, ciphertext, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, tenantId, purpose, keyId, sealed.nonce(), sealed.ciphertext(), now, now)
                .update();
        return id;
    }

    /** Decrypts a value of this tenant; fails if it belongs elsewhere or was tampered with. */
    public String reveal(UUID tenantId, UUID secretId) {
        StoredSecret row = jdbc.sql("""
                SELECT id, tenant_id, purpose, key_id, nonce, ciphertext FROM secret
                WHERE id = ? AND tenant_id = ?""")
                .params(secretId, tenantId)
                .query(StoredSecret.class)
                .optional()
                .orElseThrow(() -> new SecretUnavailableException("secret " + secretId + " not found"));
        return decrypt(row);
    }

    /**
     * For a hot path that reads its own row and its secret in one round trip: add
     * {@code joinSealed("h.secret_id", "h.tenant_id")} to its FROM, select {@link #SEALED_COLUMNS},
     * read them with {@link #sealed(ResultSet)} and open the value with
     * {@link #reveal(UUID, StoredSecret)}. Other features name no secret table: the SQL about it
     * stays here. A left join: a row without a secret reads null.
     *
     * @param secretIdColumn the caller's column holding the secret id, qualified by its alias
     * @param tenantIdColumn the caller's tenant id column: a secret is only found for its own tenant
     */
    public static String joinSealed(String secretIdColumn, String tenantIdColumn) {
        for (String column : new String[] {secretIdColumn, tenantIdColumn}) {
            if (!column.matches("\\w+\\.\\w+")) {
                throw new IllegalArgumentException("not an alias.column: " + column);
            }
        }
        return "LEFT JOIN secret sealed_secret ON sealed_secret.id = " + secretIdColumn
                + " AND sealed_secret.tenant_id = " + tenantIdColumn;
    }

    /** The columns {@link #joinSealed(String, String)} adds to a select list. */
    public static final String SEALED_COLUMNS = "sealed_secret.id AS sealed_id, sealed_secret.tenant_id AS sealed_tenant_id, "
            + "sealed_secret.purpose AS sealed_purpose, sealed_secret.key_id AS sealed_key_id, "
            + "sealed_secret.nonce AS sealed_nonce, sealed_secret.ciphertext AS sealed_ciphertext";

    /** The secret columns of a row selected with {@link #SEALED_COLUMNS}; null when the join found none. */
    public static StoredSecret sealed(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("sealed_id", UUID.class);
        if (id == null) {
            return null;
        }
        return new StoredSecret(id, rs.getObject("sealed_tenant_id", UUID.class), rs.getString("sealed_purpose"),
                rs.getString("sealed_key_id"), rs.getBytes("sealed_nonce"), rs.getBytes("sealed_ciphertext"));
    }

    /** Decrypts a value read with {@link #sealed(ResultSet)}; fails like {@link #reveal(UUID, UUID)}. */
    public String reveal(UUID tenantId, StoredSecret sealed) {
        if (sealed == null || !sealed.tenantId().equals(tenantId)) {
            throw new SecretUnavailableException("secret not found");
        }
        return decrypt(sealed);
    }

    @Transactional
    public void replace(UUID tenantId, UUID secretId, String value) {
        String purpose = jdbc.sql("SELECT purpose FROM secret WHERE id = ? AND tenant_id = ?")
                .params(secretId, tenantId).query(String.class).optional()
                .orElseThrow(() -> new SecretUnavailableException("secret " + secretId + " not found"));
        SecretCipher.Sealed sealed = SecretCipher.encrypt(keys.current(), value, associatedData(tenantId, secretId, purpose));
        jdbc.sql("UPDATE secret SET key_id = ?, nonce = ?, ciphertext = ?, updated_at = ? WHERE id = ? AND tenant_id = ?")
                .params(keys.currentKeyId(), sealed.nonce(), sealed.ciphertext(), Timestamp.from(clock.instant()),
                        secretId, tenantId)
                .update();
    }

    @Transactional
    public void delete(UUID tenantId, UUID secretId) {
        jdbc.sql("DELETE FROM secret WHERE id = ? AND tenant_id = ?").params(secretId, tenantId).update();
    }

    String decrypt(StoredSecret row) {
        return SecretCipher.decrypt(keys.key(row.keyId()), row.nonce(), row.ciphertext(),
                associatedData(row.tenantId(), row.id(), row.purpose()));
    }

    /**
     * Re-encrypts one value under the current key. The update is conditional on the key id it
     * read, so two instances rotating at once never overwrite each other.
     */
    boolean reencrypt(StoredSecret row) {
        String plaintext = decrypt(row);
        SecretCipher.Sealed sealed = SecretCipher.encrypt(keys.current(), plaintext,
                associatedData(row.tenantId(), row.id(), row.purpose()));
        return jdbc.sql("UPDATE secret SET key_id = ?, nonce = ?, ciphertext = ?, updated_at = ? WHERE id = ? AND key_id = ?")
                .params(keys.currentKeyId(), sealed.nonce(), sealed.ciphertext(), Timestamp.from(clock.instant()),
                        row.id(), row.keyId())
                .update() == 1;
    }

    static String associatedData(UUID tenantId, UUID secretId, String purpose) {
        return "passerelle/secret/v1|" + tenantId + "|" + secretId + "|" + purpose;
    }

    /** An encrypted value as stored; its {@code toString} shows no key material. */
    public record StoredSecret(UUID id, UUID tenantId, String purpose, String keyId, byte[] nonce, byte[] ciphertext) {

        @Override
        public String toString() {
            return "StoredSecret[id=" + id + ", keyId=" + keyId + "]";
        }
    }
}
