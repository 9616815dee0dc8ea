package dev.passerelle.connectors;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.passerelle.secrets.SecretStore;

/** Installation secrets, kept in the secret store under this purpose. */
@Component
public class Secrets {

    public static final String PURPOSE = "route.installation";

    private final SecretStore store;

    Secrets(SecretStore store) {
        this.store = store;
    }

    public UUID store(UUID tenantId, String value) {
        return store.store(tenantId, PURPOSE, value);
    }

    public void delete(UUID tenantId, UUID secretId) {
        store.delete(tenantId, secretId);
    }

    String reveal(UUID tenantId, UUID secretId) {
        return store.reveal(tenantId, secretId);
    }
}
